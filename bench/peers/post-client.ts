import { Agent, request } from 'node:http';

/**
 * The Ray Serve side's client: what a program calling an HTTP route does, and nothing more. One
 * keep-alive `http.Agent` (a socket per caller in flight, at most 64), a POST of the row as a JSON
 * list per call, the JSON answer parsed. The counterpart of the plain Gradio-protocol client
 * (bench/plain-client.ts), which the Gradio-protocol servers get.
 */
export class PostClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });

  constructor(private readonly url: URL) {}

  call(body: unknown): Promise<unknown> {
    const text = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(this.url, {
        method: 'POST',
        agent: this.agent,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) },
      });
      req.once('error', reject);
      req.once('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('error', reject);
        res.once('end', () => {
          const answer = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) reject(new Error(`POST ${this.url.pathname}: ${res.statusCode ?? '?'} ${answer.slice(0, 300)}`));
          else resolve(JSON.parse(answer) as unknown);
        });
      });
      req.end(text);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
