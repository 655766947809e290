/**
 * The IPC floor's echo child (forked by ipc-floor.ts and floor-server-process.ts): answers each
 * message with a result of the shape the ONNX worker sends back ({ y: { dims, data: Float32Array } }),
 * doing nothing else. The result's values are the row's, as float32 (a model's output is as many
 * numbers as these, none of them zero: zeros would make the JSON of the answer a sixth of ours,
 * session 28), or zeros for a message without a row. With `paceMs`, it answers as a model that runs one call at a time in `paceMs`
 * would, without spending the CPU: each answer `paceMs` after the previous one (or after its own
 * arrival when idle), so a floor can run at the rate our server ran the model.
 */
interface Ping {
  readonly id: number;
  readonly width: number;
  readonly paceMs?: number;
  readonly data?: ArrayLike<number>;
}

let busyUntil = 0;

process.on('message', (message: Ping) => {
  const answer = (): void => {
    process.send?.({
      id: message.id,
      y: { dims: [1, message.width], data: message.data ? Float32Array.from(message.data) : new Float32Array(message.width) },
    });
  };
  if (!message.paceMs) {
    answer();
    return;
  }
  const now = performance.now();
  busyUntil = Math.max(now, busyUntil) + message.paceMs;
  setTimeout(answer, busyUntil - now);
});
process.on('disconnect', () => process.exit(0));
process.send?.('ready');
