// Stamps of every TCP socket write and read in this process, and of every HTTP request a server of
// this process receives (bench/one-caller-http.ts). Plain JavaScript, imported first by the bench's
// processes. Clock: process.hrtime (CLOCK_MONOTONIC, the same in every process here), in µs.
// Nothing of the app is changed: this wraps net.Socket's write path (`_writeGeneric`: one
// write(2)/writev(2) each, corked chunks together), `push` (what a client socket reads; a server's
// HTTP parser reads the handle itself, so its requests are stamped at `request` and at the body's
// end instead), and http.Server's `emit('request')`.
import http from 'node:http';
import net from 'node:net';

const now = () => Number(process.hrtime.bigint()) / 1000;

/** Every stamp so far: { t, kind: 'write' | 'read' | 'request' | 'body', bytes, head }. */
export const socketEvents = [];
let on = false;

/** Starts (or stops) recording; stamps are only kept while on. */
export function record(enabled) {
  on = enabled;
}

/** The stamps so far, and a fresh list from now on. */
export function takeSocketEvents() {
  return socketEvents.splice(0, socketEvents.length);
}

/** The first bytes of a chunk, and its length, whatever its type. */
function describe(chunk) {
  if (typeof chunk === 'string') return { bytes: Buffer.byteLength(chunk), text: chunk };
  if (chunk && typeof chunk.length === 'number')
    return { bytes: chunk.length, text: Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length).toString('latin1') };
  return { bytes: 0, text: '' };
}

/** What a write or read carries: its length, and the text the bench classifies it by (head and SSE message names). */
function summarize(chunks) {
  let bytes = 0;
  let text = '';
  for (const chunk of chunks) {
    const d = describe(chunk);
    bytes += d.bytes;
    if (text.length < 4096) text += d.text.slice(0, 4096);
  }
  const msgs = [...text.matchAll(/"msg":\s*"([a-z_]+)"/g)].map((m) => m[1]);
  return { bytes, head: text.slice(0, 48).replace(/\r\n/g, '|'), msgs };
}

const writeGeneric = net.Socket.prototype._writeGeneric;
net.Socket.prototype._writeGeneric = function traced(writev, data, encoding, cb) {
  if (on && !this.__traceSkip) {
    const chunks = writev ? data.map((entry) => entry.chunk) : [data];
    socketEvents.push({ t: now(), kind: 'write', ...summarize(chunks) });
  }
  return writeGeneric.call(this, writev, data, encoding, cb);
};

const push = net.Socket.prototype.push;
net.Socket.prototype.push = function traced(chunk, encoding) {
  if (on && chunk !== null && chunk !== undefined) socketEvents.push({ t: now(), kind: 'read', ...summarize([chunk]) });
  return push.call(this, chunk, encoding);
};

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function traced(event, req, ...rest) {
  if (on && event === 'request') {
    socketEvents.push({ t: now(), kind: 'request', bytes: 0, head: `${req.method} ${req.url}`, msgs: [] });
    req.once('end', () => {
      if (on) socketEvents.push({ t: now(), kind: 'body', bytes: 0, head: `${req.method} ${req.url}`, msgs: [] });
    });
  }
  return emit.call(this, event, req, ...rest);
};
