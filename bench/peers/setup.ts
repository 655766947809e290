import { peerCell, type Cell } from './cells.js';
import { messageOf } from './errors.js';
import type { ClientKind } from './load-protocol.js';
import type { PeerName, PeersOptions } from './options.js';
import { compilePeers, envNotes, missingFor, probePython, type PythonEnv } from './python-env.js';
import { describe, startServer, type RunningPeer, type ServerSpec } from './server-process.js';
import {
  GRADIO_ENDPOINT,
  gradioSpec,
  gradioStandInEvents,
  oursEndpoint,
  oursEvents,
  oursSpec,
  raySpec,
  rayStandInSpec,
} from './targets.js';

/**
 * Which servers run, started one after the other, and their cells (server × client kind). What
 * could not run (no Python, a missing package) becomes a note, not a failure: the other rows
 * still run.
 */

export interface Model {
  readonly dir: string;
  readonly file: string;
  readonly width: number;
}

export interface Peers {
  readonly servers: RunningPeer[];
  readonly cells: Cell[];
  readonly notes: string[];
  readonly python: PythonEnv | null;
}

const PY_FILES = ['peer_common.py', 'gradio_app.py', 'ray_app.py', 'probe.py'];

interface Plan {
  readonly server: PeerName;
  readonly spec: ServerSpec;
  readonly clients: readonly ClientKind[];
  readonly endpoint: (callers: number) => string;
}

async function plans(options: PeersOptions, model: Model, rayDir: string, runnable: ReadonlySet<PeerName>): Promise<Plan[]> {
  const gradioClients: ClientKind[] = options.official ? ['plain', 'official'] : ['plain'];
  const list: Plan[] = [];
  if (runnable.has('ours')) {
    const spec = await oursSpec('ours (demo-desktop serve)', model.dir, options, oursEvents(options.callers), 'ours');
    list.push({ server: 'ours', spec, clients: gradioClients, endpoint: oursEndpoint });
  }
  if (runnable.has('gradio')) {
    const spec = options.selfCheck
      ? await oursSpec('gradio (self-check: demo-desktop serve)', model.dir, options, gradioStandInEvents(options), 'gradio-stand-in')
      : await gradioSpec(model.file, options);
    list.push({ server: 'gradio', spec, clients: gradioClients, endpoint: () => GRADIO_ENDPOINT });
  }
  if (runnable.has('ray')) {
    const spec = options.selfCheck ? await rayStandInSpec(model.file, options) : await raySpec(model.file, rayDir, options);
    list.push({ server: 'ray', spec, clients: ['post'], endpoint: () => '' });
  }
  return list;
}

/** The Python side: what it has, and which peers can run (all of them in a self-check: stand-ins). */
async function pythonSide(options: PeersOptions, model: Model, cacheDir: string, log: (line: string) => void) {
  const wanted = options.only.filter((name): name is 'gradio' | 'ray' => name !== 'ours');
  const notes: string[] = [];
  const runnable = new Set<PeerName>(options.only.includes('ours') ? ['ours'] : []);
  if (wanted.length === 0) return { python: null, notes, runnable };
  log(`python: probing ${options.python} (imports gradio, ray.serve, onnxruntime: may take a minute)`);
  const python = await probePython(options.python, model.file);
  notes.push(...envNotes(python, wanted, options.selfCheck));
  if (options.selfCheck) {
    if (python.python !== null) {
      const compiled = await compilePeers(options.python, PY_FILES, cacheDir);
      notes.push(
        compiled === null ? `self-check: python -m py_compile ${PY_FILES.join(' ')}: ok` : `self-check: py_compile failed: ${compiled}`,
      );
    }
    notes.push(
      'self-check: the gradio and ray rows are stand-ins (demo-desktop serve, a Node server): they say nothing about Gradio or Ray.',
    );
    for (const name of wanted) runnable.add(name);
  } else if (python.python !== null) {
    for (const name of wanted) if (missingFor(python, name).length === 0) runnable.add(name);
  }
  return { python, notes, runnable };
}

export async function openPeers(
  options: PeersOptions,
  model: Model,
  dirs: { readonly ray: string; readonly cache: string },
  log: (line: string) => void,
): Promise<Peers> {
  const { python, notes, runnable } = await pythonSide(options, model, dirs.cache, log);
  const peers: Peers = { servers: [], cells: [], notes, python };
  try {
    for (const plan of await plans(options, model, dirs.ray, runnable)) await openPlan(plan, peers, options, model, log);
  } catch (error) {
    await closePeers(peers, log);
    throw error;
  }
  return peers;
}

/** Starts one server and its cells. A peer that fails to start is a note (with its stderr); ours failing stops the run. */
async function openPlan(plan: Plan, peers: Peers, options: PeersOptions, model: Model, log: (line: string) => void): Promise<void> {
  log(`starting ${plan.spec.label}: ${plan.spec.command} ${plan.spec.args.join(' ')}`);
  let running: RunningPeer;
  try {
    running = await startServer(plan.spec);
  } catch (error) {
    if (plan.server === 'ours') throw error;
    peers.notes.push(`${plan.server}: skipped, it did not start: ${messageOf(error)}`);
    log(peers.notes.at(-1) ?? '');
    return;
  }
  peers.servers.push(running);
  log(`  ready at ${running.url} (pid ${running.pid})${describe(running.info)}`);
  for (const client of plan.clients) {
    const { label } = plan.spec;
    peers.cells.push(
      await peerCell({
        label,
        server: plan.server,
        client,
        running,
        endpoint: plan.endpoint,
        width: model.width,
        clients: options.clients,
      }),
    );
  }
}

/** Closes clients, then servers; reports what failed to close instead of throwing. */
export async function closePeers(peers: Peers, log: (line: string) => void): Promise<void> {
  const closers = [...peers.cells.map((cell) => () => cell.close()), ...peers.servers.map((server) => () => server.stop())];
  for (const closing of closers) {
    await closing().catch((error: unknown) => log(`closing failed: ${messageOf(error)}`));
  }
}
