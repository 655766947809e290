/**
 * Reads a V8 .cpuprofile (node --cpu-prof, or the inspector's Profiler) and splits its samples
 * over a time window into the stages of a request (docs/performance.md, "Where the time goes").
 * Each sample is charged to one stage: walking its stack from the leaf up, the first frame of the
 * project's own code decides (by file, refined by function and by the library frames below it:
 * zod under body.ts is validation, JSON.stringify under the SSE writer is serialization); a stack
 * with no project frame is Node's or a library's own work (the HTTP parser, socket and IPC reads,
 * GC) and is named by its leaf-most known module.
 */

export interface CallFrame {
  readonly functionName: string;
  readonly url: string;
}

export interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export type Side = 'server' | 'worker' | 'client';

/** µs of CPU per stage inside the window, and the window's busy (non-idle) total. */
export interface StageTimes {
  readonly stages: Map<string, number>;
  readonly functions: Map<string, number>;
  readonly busyUs: number;
  readonly windowUs: number;
}

interface Flags {
  zod: boolean;
  ort: boolean;
  stringify: boolean;
  parse: boolean;
}

const isProject = (url: string): boolean => /\/(main|preload|bench)\//.test(url) && !url.includes('node_modules');
const fileOf = (url: string): string => url.replace(/^.*\/(main|preload|bench)\//, '$1/');

function serverStage(file: string, fn: string, flags: Flags): string {
  if (/^main\/server\/(request-handler|router|host-guard|body-guard|client-address|request-visitor|http-error)\.ts/.test(file))
    return 'route';
  if (file === 'main/server/body.ts') return flags.zod ? 'validate (zod)' : 'parse (read body, JSON.parse)';
  if (file === 'main/server/gradio/requests.ts' || flags.zod)
    return file.startsWith('main/runtimes/') ? 'IPC receive: validate (zod)' : 'validate (zod)';
  if (file === 'main/server/responses.ts') return 'answer the join (JSON)';
  if (file === 'main/server/gradio/values-out.ts') return 'shape outputs';
  if (file === 'main/server/sse-writer.ts' || file === 'main/server/gradio/messages.ts')
    return flags.stringify ? 'SSE: JSON.stringify' : 'SSE write';
  if (file === 'main/server/gradio/queue-session.ts') return /emit|write|attach|linger|closeStreams/.test(fn) ? 'SSE write' : 'join';
  if (file === 'main/server/gradio/event-job.ts') return /startJob/.test(fn) ? 'join' : 'job messages (event-job)';
  if (/^main\/server\/gradio\/(routes-queue|values-in|event-data|uploads|upload-ledger|upload-client|file-store|context)\.ts/.test(file))
    return fn === 'openStream' ? 'SSE write' : 'join';
  if (file.startsWith('main/scheduler/') || file.startsWith('main/queue/')) return 'schedule';
  if (file.startsWith('main/engine/')) return 'engine (submit, function runner)';
  if (file.startsWith('main/runtimes/')) return 'IPC send/receive (ours)';
  if (file.startsWith('main/store/') || file.startsWith('main/server/history/')) return 'history';
  return `other (${file.replace(/\.ts.*$/, '')})`;
}

function workerStage(file: string, fn: string, flags: Flags): string {
  if (flags.ort) return 'run (ORT on the JS thread)';
  if (flags.zod) return 'validate message (zod)';
  if (file === 'main/runtimes/onnx/tensor-data.ts' || /toTensor|tensorData/i.test(fn)) return 'deserialize (number[] → tensor)';
  if (/onnx-output|worker-output/.test(file)) return 'serialize back (outputs)';
  if (file.startsWith('main/runtimes/onnx/')) return 'run wrapper (onnx-runtime)';
  return `worker (${file.replace(/\.ts.*$/, '')})`;
}

/** A stack with no project frame: Node's or a library's own work. */
function libraryStage(frames: readonly CallFrame[], side: Side): string {
  for (const { url, functionName } of frames) {
    if (url === '') continue;
    if (/child_process|serialization/.test(url))
      return side === 'worker' ? 'IPC (node: read, deserialize, send)' : 'IPC (node: read, deserialize)';
    if (/_http_server|_http_common|_http_incoming/.test(url)) return 'HTTP parse (node)';
    if (/_http_outgoing/.test(url)) return 'HTTP write (node)';
    if (/node:net|stream_base_commons|node:stream|internal\/streams/.test(url)) return 'socket I/O (node)';
    if (/undici/.test(url)) return 'fetch (undici)';
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
    if (pkg) return pkg === 'onnxruntime-node' || pkg === 'onnxruntime-common' ? 'run (ORT on the JS thread)' : `library (${pkg})`;
    if (url.startsWith('node:internal/timers') || functionName === 'processTimers') return 'timers (node)';
  }
  const leaf = frames[0]?.functionName ?? '';
  if (leaf === '(garbage collector)') return 'GC';
  if (leaf === '(program)') return 'V8/native (program)';
  return 'other (node internals)';
}

function classify(frames: readonly CallFrame[], side: Side): string {
  const flags: Flags = { zod: false, ort: false, stringify: false, parse: false };
  for (const frame of frames) {
    const { url, functionName } = frame;
    if (isProject(url)) {
      const file = fileOf(url);
      if (side === 'client') return `bench (${file.replace(/\.ts.*$/, '')})`;
      return side === 'server' ? serverStage(file, functionName, flags) : workerStage(file, functionName, flags);
    }
    if (url.includes('/zod/')) flags.zod = true;
    if (url.includes('onnxruntime')) flags.ort = true;
    if (url === '' && functionName === 'stringify') flags.stringify = true;
    if (url === '' && functionName === 'parse') flags.parse = true;
  }
  return libraryStage(frames, side);
}

/**
 * Charges every sample inside [fromUs, toUs] (profile clock, µs) to a stage and to its leaf
 * function, `intervalUs` per sample. Not the gaps between samples: V8 samples on a wall-clock
 * timer, and on a busy machine a gap also holds the time the thread waited for a core, while the
 * samples of that wait collapse into one (the sampling signal stays pending until the thread runs).
 */
export function stageTimes(profile: CpuProfile, side: Side, fromUs: number, toUs: number, intervalUs: number): StageTimes {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const stageOf = new Map<number, string>();
  const stackOf = (id: number): CallFrame[] => {
    const frames: CallFrame[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      if (node) frames.push(node.callFrame);
    }
    return frames;
  };
  const stages = new Map<string, number>();
  const functions = new Map<string, number>();
  let busyUs = 0;
  let time = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i] ?? 0;
    const spent = intervalUs;
    if (time < fromUs || time > toUs) continue;
    const id = profile.samples[i] as number;
    const leaf = byId.get(id)?.callFrame;
    if (leaf?.functionName === '(idle)') continue;
    let stage = stageOf.get(id);
    if (stage === undefined) {
      stage = classify(stackOf(id), side);
      stageOf.set(id, stage);
    }
    stages.set(stage, (stages.get(stage) ?? 0) + spent);
    const name = leaf
      ? `${leaf.functionName || '(anonymous)'} ${leaf.url.replace(/^.*\/(node_modules|main|bench|preload)\//, '$1/')}`
      : '?';
    functions.set(name, (functions.get(name) ?? 0) + spent);
    busyUs += spent;
  }
  return { stages, functions, busyUs, windowUs: toUs - fromUs };
}
