import { Agent, request, type IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';

/**
 * The bench's plain keep-alive client: the queue protocol @gradio/client speaks (sse_v3, doc §1.5,
 * §1.6 of the Gradio protocol), with nothing else. One session per client: `POST
 * /gradio_api/queue/join` per call on a keep-alive `http.Agent`, and one `GET
 * /gradio_api/queue/data` stream per session carrying every call's messages, reopened when the
 * server closes it (`close_stream`, after the session has been idle for its linger time). So the
 * server does exactly the work it does for @gradio/client, while the client itself costs a JSON
 * body, a socket write and one JSON.parse per message: what the HTTP path costs a caller that is
 * not a browser library.
 */

export interface PlainResult {
  readonly data: unknown[];
}

interface Waiter {
  resolve(result: PlainResult): void;
  reject(error: Error): void;
}

interface StreamMessage {
  readonly msg?: string;
  readonly event_id?: string | null;
  readonly success?: boolean;
  readonly output?: { readonly data?: unknown[]; readonly error?: unknown };
}

const API = 'gradio_api';

function postJson(agent: Agent, url: URL, body: unknown): Promise<unknown> {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      agent,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'x-gradio-user': 'api' },
    });
    req.once('error', reject);
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('end', () => {
        const answer = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) reject(new Error(`POST ${url.pathname}: ${res.statusCode ?? '?'} ${answer}`));
        else resolve(JSON.parse(answer) as unknown);
      });
      res.once('error', reject);
    });
    req.end(text);
  });
}

function getJson(agent: Agent, url: URL): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent });
    req.once('error', reject);
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown));
    });
    req.end();
  });
}

export class PlainClient {
  private readonly session = randomBytes(8).toString('hex');
  private readonly waiters = new Map<string, Waiter>();
  /** Completions that arrived before their join's answer (the stream can be faster than the POST). */
  private readonly early = new Map<string, StreamMessage>();
  private stream: IncomingMessage | null = null;
  private opening: Promise<void> | null = null;

  private constructor(
    private readonly base: URL,
    private readonly agent: Agent,
    private readonly fnIndex: ReadonlyMap<string, number>,
  ) {}

  static async connect(base: string): Promise<PlainClient> {
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    const config = (await getJson(agent, new URL('config', base))) as { dependencies?: { id: number; api_name?: string | null }[] };
    const fnIndex = new Map<string, number>();
    for (const dependency of config.dependencies ?? []) if (dependency.api_name) fnIndex.set(`/${dependency.api_name}`, dependency.id);
    return new PlainClient(new URL(base), agent, fnIndex);
  }

  async predict(endpoint: string, data: unknown[]): Promise<PlainResult> {
    const fn = this.fnIndex.get(endpoint);
    if (fn === undefined) throw new Error(`no endpoint ${endpoint}`);
    const joined = (await postJson(this.agent, new URL(`${API}/queue/join?`, this.base), {
      data,
      event_data: null,
      fn_index: fn,
      trigger_id: null,
      session_hash: this.session,
    })) as { event_id: string };
    const id = joined.event_id;
    const result = new Promise<PlainResult>((resolve, reject) => this.waiters.set(id, { resolve, reject }));
    const early = this.early.get(id);
    if (early) {
      this.early.delete(id);
      this.complete(id, early);
    }
    if (!this.stream) await this.openStream();
    return result;
  }

  close(): void {
    this.stream?.destroy();
    this.agent.destroy();
  }

  private openStream(): Promise<void> {
    this.opening ??= new Promise<void>((resolve, reject) => {
      const url = new URL(`${API}/queue/data?session_hash=${this.session}`, this.base);
      const req = request(url, { agent: this.agent, headers: { Accept: 'text/event-stream' } });
      req.once('error', reject);
      req.once('response', (res) => {
        this.opening = null;
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`GET ${url.pathname}: ${res.statusCode ?? '?'}`));
          return;
        }
        this.stream = res;
        this.read(res);
        resolve();
      });
      req.end();
    });
    return this.opening;
  }

  private read(res: IncomingMessage): void {
    let pending = '';
    res.setEncoding('utf8');
    const ended = (): void => this.lost(res);
    res.on('data', (chunk: string) => {
      pending += chunk;
      let end = pending.indexOf('\n\n');
      while (end !== -1) {
        const block = pending.slice(0, end);
        pending = pending.slice(end + 2);
        // A queue front (`serve --queue`) sends an `id:` line (its resume cursor) before `data:`.
        const data = block.startsWith('data: ') ? block : block.slice(block.indexOf('\ndata: ') + 1);
        if (data.startsWith('data: ')) this.handle(JSON.parse(data.slice(6)) as StreamMessage, res);
        end = pending.indexOf('\n\n');
      }
    });
    res.once('end', ended);
    res.once('close', ended);
  }

  private handle(message: StreamMessage, res: IncomingMessage): void {
    if (message.msg === 'close_stream') {
      this.lost(res);
      return;
    }
    if (message.msg !== 'process_completed' || typeof message.event_id !== 'string') return;
    if (this.waiters.has(message.event_id)) this.complete(message.event_id, message);
    else this.early.set(message.event_id, message);
  }

  /** However a stream ends (close_stream, or cut), calls still waiting get their messages on a new one. */
  private lost(res: IncomingMessage): void {
    if (this.stream !== res) return;
    this.stream = null;
    if (this.waiters.size > 0) this.openStream().catch((error: unknown) => this.failAll(error));
  }

  private failAll(error: unknown): void {
    const reason = error instanceof Error ? error : new Error(String(error));
    for (const waiter of this.waiters.values()) waiter.reject(reason);
    this.waiters.clear();
  }

  private complete(id: string, message: StreamMessage): void {
    const waiter = this.waiters.get(id);
    if (!waiter) return;
    this.waiters.delete(id);
    if (message.success === true && Array.isArray(message.output?.data)) waiter.resolve({ data: message.output.data });
    else waiter.reject(new Error(`event ${id} failed: ${JSON.stringify(message.output?.error ?? message.output)}`));
  }
}
