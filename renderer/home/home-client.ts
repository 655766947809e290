import type { ContractSchema } from '../../preload/shared/editor/editor-api.js';
import {
  HOME_API,
  homeRecentResponse,
  homeTemplatesResponse,
  machineResponse,
  openedResponse,
  type HomeRecentProject,
  type HomeTemplate,
  type MachineInfo,
  type Opened,
} from '../../preload/shared/home/home-api.js';

/**
 * The home page's only way to the desk: one function per /api/home route, each answer checked
 * with the contract's zod schema (preload/shared/home/home-api.ts). The session cookie rides
 * along (same origin). Failures throw HomeApiError with the server's own sentence.
 */
export interface HomeClient {
  recent(): Promise<readonly HomeRecentProject[]>;
  forget(path: string): Promise<readonly HomeRecentProject[]>;
  templates(): Promise<readonly HomeTemplate[]>;
  machine(): Promise<MachineInfo>;
  open(path: string): Promise<Opened>;
  openTemplate(id: string): Promise<Opened>;
  editTemplate(id: string): Promise<Opened>;
}

export class HomeApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HomeApiError';
  }
}

export function createHomeClient(base: string = HOME_API): HomeClient {
  const get = <T>(route: string, schema: ContractSchema<T>): Promise<T> => call(`${base}${route}`, { method: 'GET' }, schema);
  const post = <T>(route: string, body: unknown, schema: ContractSchema<T>): Promise<T> =>
    call(`${base}${route}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }, schema);
  return {
    recent: async () => (await get('/recent', homeRecentResponse)).projects,
    forget: async (path) => (await post('/recent/forget', { path }, homeRecentResponse)).projects,
    templates: async () => (await get('/templates', homeTemplatesResponse)).templates,
    machine: () => get('/machine', machineResponse),
    open: (path) => post('/open', { path }, openedResponse),
    openTemplate: (template) => post('/templates/open', { template }, openedResponse),
    editTemplate: (template) => post('/templates/edit', { template }, openedResponse),
  };
}

async function call<T>(url: string, init: RequestInit, schema: ContractSchema<T>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, credentials: 'same-origin' });
  } catch {
    throw new HomeApiError(0, 'Could not reach demo-desktop. Is it still running?');
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new HomeApiError(response.status, detailOf(body) ?? response.statusText);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new HomeApiError(response.status, `demo-desktop's answer from ${url} does not match the contract.`);
  return parsed.data;
}

function detailOf(body: unknown): string | null {
  if (body && typeof body === 'object' && 'detail' in body && typeof body.detail === 'string') return body.detail;
  return null;
}
