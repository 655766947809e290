import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimePool } from '../../main/runtimes/runtime-pool.js';
import { structuredCloneCodec, type WorkerCodec } from '../../main/runtimes/worker-codec.js';
import { WorkerHost } from '../../main/runtimes/worker-host.js';
import { childProcessTransport, WorkerProcess } from '../../main/runtimes/worker-process.js';
import type { ChildMessage, ParentMessage } from '../../main/runtimes/worker-protocol.js';
import type { ExitInfo, WorkerConnection, WorkerOpenOptions, WorkerTransport } from '../../main/runtimes/worker-transport.js';
import { isAlive, tempDir, waitFor, writeModule } from './support.js';

/**
 * Issue 18, item 1: a WorkerHost reaches its worker only through the transport it is given (the
 * default forks a child process), and the child process speaks through a codec.
 */

const MODULE = `
export function pid() { return process.pid; }
export function upper(inputs) { return String(inputs[0]).toUpperCase(); }
`;

/** The default transport, recording every connection it opens and every message both ways. */
function recordingTransport(open: (options: WorkerOpenOptions) => WorkerConnection = (o) => childProcessTransport.open(o)): {
  transport: WorkerTransport;
  opened: WorkerConnection[];
  sent: ParentMessage['type'][];
  received: ChildMessage['type'][];
} {
  const opened: WorkerConnection[] = [];
  const sent: ParentMessage['type'][] = [];
  const received: ChildMessage['type'][] = [];
  const transport: WorkerTransport = {
    open(options) {
      const connection = open(options);
      opened.push(connection);
      connection.onMessage((message) => received.push(message.type));
      return {
        get pid() {
          return connection.pid;
        },
        get alive() {
          return connection.alive;
        },
        exited: connection.exited,
        residentBytes: connection.residentBytes,
        onMessage: (listener) => connection.onMessage(listener),
        send: (message) => {
          sent.push(message.type);
          return connection.send(message);
        },
        kill: () => connection.kill(),
        shutdown: (timeoutMs) => connection.shutdown(timeoutMs),
        stderrTail: () => connection.stderrTail(),
        crashHint: () => connection.crashHint(),
      };
    },
  };
  return { transport, opened, sent, received };
}

/**
 * A worker that is not a process: it answers the protocol in this process (echoing `infer`
 * inputs), and `crash` ends it as an exit would.
 */
class InMemoryWorker implements WorkerConnection {
  readonly pid = -1;
  alive = true;
  readonly exited: Promise<ExitInfo>;
  readonly residentBytes = undefined;
  readonly received: ParentMessage[] = [];
  private readonly listeners = new Set<(message: ChildMessage) => void>();
  private end: (exit: ExitInfo) => void = () => undefined;

  constructor() {
    this.exited = new Promise((resolve) => (this.end = resolve));
    this.reply({ type: 'hello', pid: this.pid });
  }

  onMessage(listener: (message: ChildMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  send(message: ParentMessage): boolean {
    if (!this.alive) return false;
    this.received.push(message);
    if (message.type === 'load') {
      const info = { device: 'memory', loadMs: 0 };
      this.reply({ type: 'loaded', info, capabilities: { streaming: true, batching: false, devices: ['memory'] } });
    } else if (message.type === 'infer' && message.input !== 'hang')
      this.reply({ type: 'result', jobId: message.jobId, value: message.input });
    else if (message.type === 'shutdown') this.crash({ code: 0, signal: null });
    return true;
  }

  crash(exit: ExitInfo): void {
    if (!this.alive) return;
    this.alive = false;
    this.listeners.clear();
    this.end(exit);
  }

  kill(): Promise<ExitInfo> {
    this.crash({ code: null, signal: 'SIGKILL' });
    return this.exited;
  }

  shutdown(): Promise<ExitInfo> {
    this.send({ type: 'shutdown' });
    return this.exited;
  }

  stderrTail(): string {
    return '';
  }

  crashHint(): string | undefined {
    return undefined;
  }

  private reply(message: ChildMessage): void {
    // Asynchronously, as a real channel delivers.
    setImmediate(() => {
      for (const listener of this.listeners) listener(message);
    });
  }
}

describe('worker transport and codec', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let modulePath: string;
  const cleanup: (() => Promise<unknown>)[] = [];
  const signal = new AbortController().signal;
  const spec = (): { kind: 'js'; name: string; modulePath: string; models: string[] } => ({
    kind: 'js',
    name: 'seam.mjs',
    modulePath,
    models: [],
  });

  beforeAll(async () => {
    dir = await tempDir('transport');
    modulePath = await writeModule(dir.path, 'seam.mjs', MODULE);
  });

  afterAll(async () => {
    await Promise.all(cleanup.map((stop) => stop()));
    await dir.remove();
  });

  it('a WorkerHost starts and reaches its worker through the injected transport, restarts included', async () => {
    const recorded = recordingTransport();
    const host = new WorkerHost({ spec: spec(), transport: recorded.transport, restartPolicy: { initialDelayMs: 10 } });
    cleanup.push(() => host.dispose());
    const firstPid = await host.infer({ export: 'pid', inputs: [] }, { signal });
    expect(recorded.opened.map((connection) => connection.pid)).toEqual([firstPid]);
    expect(recorded.sent).toEqual(['load', 'infer']);
    expect(recorded.received).toEqual(['hello', 'loaded', 'result']);

    process.kill(firstPid as number, 'SIGKILL');
    await waitFor(() => host.pid !== firstPid, 10_000, 'the crash to be seen');
    const secondPid = await host.infer({ export: 'pid', inputs: [] }, { signal });
    expect(secondPid).not.toBe(firstPid);
    expect(recorded.opened.map((connection) => connection.pid)).toEqual([firstPid, secondPid]);
    await host.dispose();
    expect(isAlive(secondPid as number)).toBe(false);
  });

  it('a worker need not be a process: the host supervises whatever the transport connects to', async () => {
    const workers: InMemoryWorker[] = [];
    const transport: WorkerTransport = {
      open: () => {
        const worker = new InMemoryWorker();
        workers.push(worker);
        return worker;
      },
    };
    const host = new WorkerHost({ spec: spec(), transport, restartPolicy: { initialDelayMs: 10 } });
    cleanup.push(() => host.dispose());
    await expect(host.load({ signal })).resolves.toMatchObject({ device: 'memory' });
    await expect(host.infer(['a', 1], { signal })).resolves.toEqual(['a', 1]);

    // It "crashes" with a job on it: that job fails as on a process that exited, and a new worker takes over.
    const stuck = host.infer('hang', { signal });
    await waitFor(() => workers[0]?.received.some((message) => message.type === 'infer' && message.input === 'hang') === true);
    workers[0]?.crash({ code: 3, signal: null });
    await expect(stuck).rejects.toMatchObject({ code: 'WORKER_CRASHED', message: expect.stringContaining('exit code 3') as unknown });
    await expect(host.infer('again', { signal })).resolves.toBe('again');
    expect(workers).toHaveLength(2);
    expect(workers[1]?.received.map((message) => message.type)).toEqual(['load', 'infer']);
    await host.dispose();
    expect(workers.every((worker) => !worker.alive)).toBe(true);
  });

  it('the runtime pool gives its transport to every worker it creates', async () => {
    const recorded = recordingTransport();
    const pool = new RuntimePool({ models: {}, host: { transport: recorded.transport } });
    cleanup.push(() => pool.dispose());
    await expect(pool.callJs(modulePath, 'upper', ['seam'], { signal })).resolves.toBe('SEAM');
    expect(recorded.opened).toHaveLength(1);
    expect(recorded.sent).toContain('infer');
    await pool.dispose();
  });

  it('a child process speaks through the codec it is given', async () => {
    const seen: string[] = [];
    const counting: WorkerCodec = {
      parent: {
        encode: (message) => {
          seen.push(`out:${message.type}`);
          return structuredCloneCodec.parent.encode(message);
        },
        decode: (wire) => {
          const decoded = structuredCloneCodec.parent.decode(wire);
          seen.push(decoded.ok ? `in:${decoded.message.type}` : 'in:invalid');
          return decoded;
        },
      },
      worker: structuredCloneCodec.worker,
    };
    const transport: WorkerTransport = { open: (options) => WorkerProcess.spawn({ ...options, codec: counting }) };
    const host = new WorkerHost({ spec: spec(), transport });
    cleanup.push(() => host.dispose());
    await expect(host.infer({ export: 'upper', inputs: ['codec'] }, { signal })).resolves.toBe('CODEC');
    expect(seen).toEqual(['in:hello', 'out:load', 'in:loaded', 'out:infer', 'in:result']);
    await host.dispose();
  });
});
