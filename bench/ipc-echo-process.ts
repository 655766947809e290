/**
 * The IPC floor's echo child (forked by ipc-floor.ts and floor-server-process.ts): answers each
 * message with a result of the shape the ONNX worker sends back ({ y: { dims, data: Float32Array } }),
 * doing nothing else. With `paceMs`, it answers as a model that runs one call at a time in `paceMs`
 * would, without spending the CPU: each answer `paceMs` after the previous one (or after its own
 * arrival when idle), so a floor can run at the rate our server ran the model.
 */
interface Ping {
  readonly id: number;
  readonly width: number;
  readonly paceMs?: number;
}

let busyUntil = 0;

process.on('message', (message: Ping) => {
  const answer = (): void => {
    process.send?.({ id: message.id, y: { dims: [1, message.width], data: new Float32Array(message.width) } });
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
