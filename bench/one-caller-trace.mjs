// Timestamps of one request's hops inside a process that runs onnxruntime-node (bench/one-caller.ts).
// Plain JavaScript because a worker loads it through NODE_OPTIONS="--import ...", before tsx's
// loader is registered. Clock: process.hrtime (CLOCK_MONOTONIC, the same in every process here),
// in µs. Nothing of the app is changed: this wraps onnxruntime-common's InferenceSession.run, the
// setImmediate that onnxruntime-node's backend defers the native run with, and, in a worker
// process, its IPC 'message' event and process.send (the result carries the worker's stamps back
// as an extra `trace` field, which the protocol's hand check drops).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants, PerformanceObserver } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const now = () => Number(process.hrtime.bigint()) / 1000;

/** The CPU this thread runs on now (/proc/thread-self/stat, field 39); -1 unless ONE_CALLER_TRACE_CPUS=1 (a file read: ~10 µs). */
const traceCpus = process.env.ONE_CALLER_TRACE_CPUS === '1';
export function cpuNow() {
  if (!traceCpus) return -1;
  const stat = readFileSync('/proc/thread-self/stat', 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[36]);
}

/** The last run's stamps (one caller: one run at a time). */
export const last = { recv: 0, call: 0, nativeStart: 0, nativeEnd: 0, nativeCpu: 0, returned: 0, gcMs: 0, gcCount: 0, recvCpu: -1 };

// process.cpuUsage costs 3-45 µs here (getrusage walks every thread; more under load): only when asked.
const traceCpu = process.env.ONE_CALLER_TRACE_CPU === '1';
const cpu = () => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};

let gcMs = 0;
let gcCount = 0;
/** GC pauses of this process so far, ms by kind (minor: scavenge, major: mark-compact, ...). */
const gcByKind = { minor: 0, major: 0, incremental: 0, weakcb: 0 };
const KINDS = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcMs += entry.duration;
    gcCount += 1;
    const kind = KINDS[entry.detail?.kind];
    if (kind) gcByKind[kind] += entry.duration;
  }
}).observe({ entryTypes: ['gc'] });

const { InferenceSession } = require('onnxruntime-common');
const run = InferenceSession.prototype.run;
InferenceSession.prototype.run = function traced(...args) {
  last.call = now();
  const deferred = globalThis.setImmediate;
  // onnxruntime-node's handler.run calls setImmediate synchronously inside this call: time its callback (the native run).
  globalThis.setImmediate = (callback, ...rest) =>
    deferred(() => {
      const cpu0 = traceCpu ? cpu() : 0;
      last.nativeStart = now();
      try {
        callback(...rest);
      } finally {
        last.nativeEnd = now();
        if (traceCpu) last.nativeCpu = cpu() - cpu0;
      }
    });
  let promise;
  try {
    promise = run.apply(this, args);
  } finally {
    globalThis.setImmediate = deferred;
  }
  return promise.then((value) => {
    last.returned = now();
    return value;
  });
};

if (typeof process.send === 'function' && process.env.ONE_CALLER_TRACE_WORKER === '1') {
  const emit = process.emit;
  process.emit = function tracedEmit(event, message, ...rest) {
    if (event === 'message' && message && message.type === 'infer') {
      last.recv = now();
      last.recvCpu = cpuNow();
    }
    return emit.call(this, event, message, ...rest);
  };
  const send = process.send;
  // How long the previous result's process.send took (its write to the channel): reported with the next result.
  let previousSendUs = 0;
  process.send = function tracedSend(message, ...rest) {
    const result = message && message.type === 'result';
    const started = now();
    if (result)
      message.trace = {
        ...last,
        send: started,
        gcMs,
        gcCount,
        gcByKind: { ...gcByKind },
        previousSendUs,
        sendCpu: cpuNow(),
        recvCpu: last.recvCpu,
      };
    try {
      return send.call(this, message, ...rest);
    } finally {
      if (result) previousSendUs = now() - started;
    }
  };
}
