/**
 * The CPU profiler of another Node process, over its inspector (the process runs with
 * `--inspect=127.0.0.1:PORT`, which NODE_OPTIONS may carry, unlike `--cpu-prof`): the profile
 * script starts and stops it around each window, as it does its own through node:inspector. Uses
 * the WebSocket Node ships behind `--experimental-websocket` (the bench:profile script passes it).
 */
import type { CpuProfile } from './profile-stages.js';

interface Reply {
  readonly id?: number;
  readonly result?: unknown;
  readonly error?: { readonly message: string };
}

interface Socket {
  send(data: string): void;
  close(): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'open' | 'error' | 'close', listener: () => void): void;
}

type SocketConstructor = new (url: string) => Socket;

export class RemoteProfiler {
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: Reply) => void>();

  private constructor(private readonly socket: Socket) {
    socket.addEventListener('message', (event) => {
      const reply = JSON.parse(String(event.data)) as Reply;
      if (reply.id === undefined) return;
      this.waiting.get(reply.id)?.(reply);
      this.waiting.delete(reply.id);
    });
  }

  /** Connects to the inspector on `port`, retrying while the process starts. */
  static async connect(port: number, intervalUs: number, timeoutMs = 30_000): Promise<RemoteProfiler> {
    const WebSocketClass = (globalThis as { WebSocket?: SocketConstructor }).WebSocket;
    if (!WebSocketClass) throw new Error('no WebSocket here: run with node --experimental-websocket (npm run bench:profile does)');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
        const url = list[0]?.webSocketDebuggerUrl;
        if (!url) throw new Error(`no inspector target on port ${port}`);
        const socket = new WebSocketClass(url);
        await new Promise<void>((resolve, reject) => {
          socket.addEventListener('open', () => resolve());
          socket.addEventListener('error', () => reject(new Error(`inspector on port ${port} refused the connection`)));
        });
        const profiler = new RemoteProfiler(socket);
        await profiler.post('Profiler.enable');
        await profiler.post('Profiler.setSamplingInterval', { interval: intervalUs });
        return profiler;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  post(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (reply) => (reply.error ? reject(new Error(`${method}: ${reply.error.message}`)) : resolve(reply.result)));
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  start(): Promise<unknown> {
    return this.post('Profiler.start');
  }

  async stop(): Promise<CpuProfile> {
    const { profile } = (await this.post('Profiler.stop')) as { profile: CpuProfile };
    return profile;
  }

  close(): void {
    this.socket.close();
  }
}
