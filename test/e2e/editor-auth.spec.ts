import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';

/**
 * `demo-desktop edit` in Chromium, as a user meets it: the page refuses a browser without the
 * one-time link; the link signs in (HttpOnly cookie, no token left in the address bar); the
 * editor's page may frame its live preview and nothing else may frame the editor; a page on
 * another localhost port cannot read the editor's API even though the browser sends the cookie.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'dist/main/cli/bin.js');

interface Edit {
  readonly origin: string;
  readonly link: string;
  stop(): Promise<void>;
}

async function startEdit(): Promise<Edit> {
  const data = mkdtempSync(path.join(tmpdir(), 'demo-desktop-e2e-edit-'));
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [BIN, 'edit', '--port', '0', '--no-browser', '--data-dir', data], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
  });
  let out = '';
  const [origin, link] = await new Promise<[string, string]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`edit printed no link:\n${out}`)), 60_000);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const running = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      const editor = /Editor: (\S+)/.exec(out)?.[1];
      if (running && editor) {
        clearTimeout(timer);
        resolve([running, editor]);
      }
    });
    child.once('exit', (code) => reject(new Error(`edit exited with ${String(code)}:\n${out}`)));
  });
  return {
    origin,
    link,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
      rmSync(data, { recursive: true, force: true });
    },
  };
}

test('the editor signs in with its one-time link only, frames its preview, and keeps other pages out', async ({ page, context }) => {
  const edit = await startEdit();
  try {
    const refused = await page.goto(`${edit.origin}/editor`);
    expect(refused?.status()).toBe(401);
    await expect(page.getByText('demo-desktop edit').first()).toBeVisible();

    const signedIn = await page.goto(edit.link);
    expect(signedIn?.status()).toBe(200);
    expect(page.url()).toBe(`${edit.origin}/editor`);
    const cookies = await context.cookies(edit.origin);
    expect(cookies).toEqual([expect.objectContaining({ httpOnly: true, sameSite: 'Strict', path: '/' })]);
    expect(await page.evaluate(() => document.cookie)).toBe('');

    // The editor page's own calls: open a template, run it in the preview, frame the preview.
    const previewUrl = await page.evaluate(async () => {
      const headers = { 'content-type': 'application/json' };
      const created = (await (await fetch('/api/editor/new', { method: 'POST', headers, body: '{"template":"greet"}' })).json()) as {
        text: string;
        template: string;
      };
      const body = JSON.stringify({ project: JSON.parse(created.text) as unknown, source: { path: null, template: created.template } });
      const answer = (await (await fetch('/api/editor/preview', { method: 'POST', headers, body })).json()) as { url: string };
      const frame = document.createElement('iframe');
      frame.src = answer.url;
      document.body.append(frame);
      return answer.url;
    });
    await expect(page.frameLocator('iframe').getByRole('button', { name: 'Submit' })).toBeVisible();

    // Another local origin (the preview's port) gets the cookie sent along, but no answer it can read.
    const other = await context.newPage();
    await other.goto(previewUrl);
    const leaked = await other.evaluate(async (origin) => {
      try {
        const response = await fetch(`${origin}/api/editor/recent`, { credentials: 'include' });
        return `read ${response.status}`;
      } catch {
        return 'blocked';
      }
    }, edit.origin);
    expect(leaked).toBe('blocked');
    // ...and cannot show the editor in a frame (frame-ancestors 'none': Chromium shows its error page instead).
    await other.evaluate((url) => {
      const frame = document.createElement('iframe');
      frame.name = 'editor';
      frame.src = url;
      document.body.append(frame);
    }, `${edit.origin}/editor`);
    await expect.poll(() => other.frame({ name: 'editor' })?.url()).toMatch(/^chrome-error:/);
  } finally {
    await edit.stop();
  }
});
