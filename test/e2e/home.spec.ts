import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { lowContrastText } from './support/contrast.js';
import { startDesk } from './support/desk.js';

/**
 * `demo-desktop` with no arguments in Chromium, as a user meets it: the home screen signs in with
 * the printed one-time link; opening two projects puts both in the recent list, a deleted one is
 * marked missing; a template opens (its project server answers); the machine panel shows this
 * computer's real core count and memory (compared with node:os here).
 */

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Home {
  readonly link: string;
  readonly work: string;
  stop(): Promise<number | null>;
}

async function startHome(): Promise<Home> {
  const data = mkdtempSync(path.join(os.tmpdir(), 'demo-desktop-e2e-home-'));
  const work = mkdtempSync(path.join(os.tmpdir(), 'demo-desktop-e2e-home-work-'));
  const desk = await startDesk(data);
  return {
    link: desk.link,
    work,
    stop: async () => {
      const code = await desk.stop();
      rmSync(data, { recursive: true, force: true });
      rmSync(work, { recursive: true, force: true });
      return code;
    },
  };
}

function copyExample(work: string, example: string, name: string): string {
  cpSync(path.join(ROOT, 'examples', example), path.join(work, name), { recursive: true });
  return path.join(work, name, 'project.json');
}

const GiB = 1024 ** 3;

test('the home screen: recent projects, a missing one, a template opened, this machine', async ({ page, request }) => {
  const home = await startHome();
  try {
    const response = await page.goto(home.link);
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/home');
    await expect(page.getByRole('heading', { name: 'demo-desktop', level: 1 })).toBeVisible();

    // This machine: the real core count and memory, as node:os sees them here.
    const machine = page.locator('[aria-labelledby="home-machine-title"]');
    await expect(machine.locator('[data-cores]')).toHaveAttribute('data-cores', String(os.cpus().length));
    await expect(machine.locator('[data-total-bytes]')).toHaveAttribute('data-total-bytes', String(os.totalmem()));
    await expect(machine.getByText(`${(os.totalmem() / GiB).toFixed(1)} GiB total`)).toBeVisible();
    await expect(machine.locator('[data-provider="cpu"]')).toHaveClass(/home-provider--works/);

    // Open two projects by path; both land in the recent list.
    const first = copyExample(home.work, 'greet', 'first');
    const second = copyExample(home.work, 'chain', 'second');
    const field = page.getByLabel('Path of a project.json');
    for (const file of [first, second]) {
      await field.fill(file);
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await expect(page.getByRole('status')).toContainText('is ready:');
    }
    const recent = page.locator('.home-recent');
    await expect(recent).toHaveCount(2);
    await expect(recent.nth(0)).toHaveAttribute('data-path', second);
    await expect(recent.nth(1)).toHaveAttribute('data-path', first);
    // A project's name under the pointer stays readable in both themes (AA).
    for (const colorScheme of ['dark', 'light'] as const) {
      await page.emulateMedia({ colorScheme });
      const name = recent.nth(0).locator('.home-link');
      await name.hover();
      expect(await lowContrastText(name), `${colorScheme}: hovered project name`).toEqual([]);
    }

    // A path that is not there: a clear error naming it.
    await field.fill(path.join(home.work, 'nowhere.json'));
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText(`There is no file ${path.join(home.work, 'nowhere.json')}`);

    // Delete one: after a reload it is marked missing, and Forget drops it.
    rmSync(path.dirname(first), { recursive: true });
    await page.reload();
    const missing = page.locator(`.home-recent[data-path="${first}"]`);
    await expect(missing.getByText('Missing')).toBeVisible();
    await expect(page.locator(`.home-recent[data-path="${second}"]`).getByText('Missing')).toHaveCount(0);
    await missing.getByRole('button', { name: 'Forget Greet' }).click();
    await expect(recent).toHaveCount(1);

    // A template, opened as it is: its project server answers.
    const greet = page.locator('.home-template[data-template="greet"]');
    await expect(greet.getByText('Runs well here')).toBeVisible();
    await greet.getByRole('button', { name: 'Open Greet' }).click();
    const link = page.getByRole('status').getByRole('link');
    await expect(link).toHaveAttribute('href', /^http:\/\/127\.0\.0\.1:\d+\/?$/);
    const served = await link.getAttribute('href');
    const config = await request.get(`${(served ?? '').replace(/\/$/, '')}/config`);
    expect(config.status()).toBe(200);
    expect(((await config.json()) as { title?: string }).title).toBe('Greet');
    await expect(recent).toHaveCount(2);
  } finally {
    expect(await home.stop()).toBe(0);
  }
});
