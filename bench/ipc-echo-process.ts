/**
 * The IPC floor's echo child (forked by ipc-floor.ts): answers each message with a result of the
 * shape the ONNX worker sends back ({ y: { dims, data: Float32Array } }), doing nothing else.
 */
interface Ping {
  readonly id: number;
  readonly width: number;
}

process.on('message', (message: Ping) => {
  process.send?.({ id: message.id, y: { dims: [1, message.width], data: new Float32Array(message.width) } });
});
process.on('disconnect', () => process.exit(0));
process.send?.('ready');
