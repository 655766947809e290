/**
 * `--self-check`'s stand-in for bench/peers/ray_app.py, in Node: the same command line (`--model`,
 * `--port`, `--host`), the same route (POST /infer, the row as a JSON list), the same answer
 * (`{"y": {"dims": [1, width], "data": [...]}}`) from one onnxruntime session with default
 * options, the same `PEERS-READY {json}` line, and it stops, as the Python servers do, when its
 * stdin closes. So the harness starts, checks, loads, measures and stops it through the code it
 * uses for Ray Serve. Its numbers say nothing about Ray.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import { Tensor } from 'onnxruntime-node';
import { silentLogger } from '../../main/common/logger.js';
import { createSession } from '../../main/runtimes/onnx/onnx-session.js';

const ROUTE = '/infer';

const { values } = parseArgs({
  options: { model: { type: 'string' }, port: { type: 'string' }, host: { type: 'string', default: '127.0.0.1' } },
});
if (!values.model || !values.port) throw new Error('usage: fake-ray-server.ts --model FILE --port N [--host 127.0.0.1]');
const { session } = await createSession(await readFile(values.model), 'cpu', { logger: silentLogger });

async function infer(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const row = JSON.parse(Buffer.concat(chunks).toString('utf8')) as number[];
  const out = await session.run({ x: new Tensor('float32', Float32Array.from(row), [1, row.length]) });
  const y = out.y;
  const answer = JSON.stringify({ y: { dims: y?.dims ?? [], data: Array.from(y?.data as Float32Array) } });
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(answer) }).end(answer);
}

const server = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== ROUTE) {
    res.writeHead(404).end();
    return;
  }
  infer(req, res).catch((error: unknown) => res.writeHead(500).end(error instanceof Error ? error.message : String(error)));
});
server.keepAliveTimeout = 60_000;
server.listen(Number(values.port), values.host, () => {
  const ready = {
    url: `http://${values.host}:${values.port}${ROUTE}`,
    pid: process.pid,
    server: 'ray (self-check: Node stand-in)',
    versions: {},
  };
  process.stdout.write(`PEERS-READY ${JSON.stringify(ready)}\n`);
});
process.stdin.resume();
process.stdin.once('end', () => {
  server.close();
  server.closeAllConnections();
  void session.release().then(() => process.exit(0));
});
