/**
 * A visitor in its own process (run by test/share/serve-share-websocket.test.ts): opens a share link
 * as a browser and as the official @gradio/client would, and prints what it saw as one JSON line.
 * A process of its own so that it can trust the test's self-signed certificate the way a user's
 * machine would (NODE_EXTRA_CA_CERTS, read at start-up), and resolve `*.share.test` to 127.0.0.1
 * as wildcard DNS would (the lookup below; nothing else is changed).
 */
import dns from 'node:dns';
import { connect } from '../../server/support/gradio-client.js';

type Lookup = typeof dns.lookup;
const systemLookup: Lookup = dns.lookup;
const wildcard = (hostname: string, options: unknown, callback?: unknown): void => {
  const cb = (typeof options === 'function' ? options : callback) as (...args: unknown[]) => void;
  const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all === true;
  if (!hostname.endsWith('.share.test')) {
    (systemLookup as (...args: unknown[]) => void)(hostname, typeof options === 'function' ? {} : options, cb);
    return;
  }
  if (all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
  else cb(null, '127.0.0.1', 4);
};
dns.lookup = wildcard as Lookup;

const link = new URL(process.argv[2] ?? '');
const root = `${link.protocol}//${link.host}`;
const key = link.searchParams.get('key') ?? '';

const withoutKey = (await fetch(`${root}/config`)).status;
const visit = await fetch(link, { redirect: 'manual' });
const cookie = (visit.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
const page = await fetch(`${root}/`, { headers: { cookie } });
const pageType = page.headers.get('content-type') ?? '';
const pageHtml = (await page.text()).slice(0, 15);
const config = (await (await fetch(`${root}/config`, { headers: { cookie } })).json()) as { root: string };
const client = await connect(root, { token: key });
const greeting = (await client.predict('/predict', ['through the tunnel'])).data;
client.close();
console.log(JSON.stringify({ withoutKey, visit: visit.status, page: page.status, pageType, pageHtml, configRoot: config.root, greeting }));
