import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { getRawHeader, type DirectoryRecord } from '@electron/asar';
import { DebugLogger } from 'builder-util';
import type { Configuration } from 'app-builder-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledPath } from '../../main/common/package-root.js';
import { REPO_ROOT } from '../runtimes/support.js';

/**
 * `npm run dist:app`'s configuration, checked offline. electron-builder itself packs this repository
 * for Linux x64 (`--dir`: the app folder every installer target is made from) with `electronDist`
 * pointing at a stand-in Electron folder, so nothing is downloaded; then app.asar's header says what
 * was packed and what was unpacked. The installer targets (AppImage, deb, NSIS, DMG) each download
 * their own tool and cannot run here; the configuration they read is schema-checked below.
 *
 * The build outputs are made fresh in a staging folder (the same compilers as `npm run build` and
 * `npm run build:shell`), so this test never rewrites the dist/ that other tests run from.
 */

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const bin = (pkg: string, file: string): string => join(REPO_ROOT, 'node_modules', pkg, file);

let stage: string;
let resources: string;
/** Every file in app.asar ('/'-separated, relative) and whether it was unpacked. */
const packed = new Map<string, boolean>();

async function node(args: readonly string[], cwd = stage): Promise<void> {
  const env = { ...process.env, CI: '1', npm_config_user_agent: 'traversal' };
  await run(process.execPath, args, { cwd, maxBuffer: 64 * 1024 * 1024, env });
}

/** The project as electron-builder sees it: manifests copied, sources linked, outputs built here. */
async function stageProject(): Promise<void> {
  // No package-lock.json: with it electron-builder collects the production dependencies with `npm ls`,
  // which reads the stage's linked node_modules as extraneous and drops packages at random (sharp's
  // @img/* among them). Without it, and with the user agent below, it walks node_modules by package.json
  // (its "traversal" collector): the same dependency tree, read from the files. A real `npm run dist:app`
  // runs in the repository, where `npm ls` reads the real node_modules.
  for (const file of ['package.json', 'electron-builder.yml']) await copyFile(join(REPO_ROOT, file), join(stage, file));
  for (const dir of ['node_modules', 'build', 'examples', 'models']) await symlink(join(REPO_ROOT, dir), join(stage, dir));
  // tsconfig.shell.json covers main/ and preload/, a superset of tsconfig.build.json's files. Emitted
  // without type-checking (the same files, byte for byte, in half the CPU time): `npm run check`
  // type-checks tsconfig.shell.json, and what this test checks is what gets packed.
  await node([bin('typescript', 'bin/tsc'), '-p', join(REPO_ROOT, 'tsconfig.shell.json'), '--noCheck', '--outDir', join(stage, 'dist')]);
  const vite = bin('vite', 'bin/vite.js');
  await node([vite, 'build', '--logLevel', 'warn', '--outDir', join(stage, 'dist', 'renderer')], REPO_ROOT);
  await node([vite, 'build', '-c', 'vite.preload.config.ts', '--logLevel', 'warn', '--outDir', join(stage, 'dist', 'preload')], REPO_ROOT);
}

function walkHeader(dir: DirectoryRecord, prefix: string, unpackedRoot: string): void {
  for (const [name, entry] of Object.entries(dir.files)) {
    const path = prefix ? `${prefix}/${name}` : name;
    // The header leaves `unpacked` out for packed files, whatever the typings say.
    const { unpacked } = entry as { unpacked?: boolean };
    if ('files' in entry) walkHeader(entry, path, unpackedRoot);
    else if ('size' in entry) packed.set(path, unpacked ?? false);
    else if (unpacked) {
      // A folder unpacked as a whole is one header entry without a file list: its files are on disk.
      const files = readdirSync(join(unpackedRoot, path), { recursive: true, withFileTypes: true }).filter((file) => file.isFile());
      for (const file of files) packed.set(relative(unpackedRoot, join(file.parentPath, file.name)).split(sep).join('/'), true);
    }
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

beforeAll(async () => {
  stage = await mkdtemp(join(tmpdir(), 'demo-desktop-pack-'));
  await stageProject();
  const electronDist = join(stage, 'electron-dist');
  await mkdir(electronDist);
  await writeFile(join(electronDist, 'electron'), '');
  await chmod(join(electronDist, 'electron'), 0o755);
  const output = join(stage, 'release');
  await node([
    bin('electron-builder', 'cli.js'),
    '--dir',
    '--linux',
    '--x64',
    '--publish',
    'never',
    `-c.electronDist=${electronDist}`,
    `-c.directories.output=${output}`,
    // A real build rebuilds better-sqlite3 for Electron's ABI (electron-builder.yml); that needs
    // Electron's headers, which cannot be downloaded here, so this packing keeps the Node build.
    // What it checks (which files are packed and unpacked) does not depend on the ABI.
    '-c.npmRebuild=false',
  ]);
  resources = join(output, 'linux-unpacked', 'resources');
  walkHeader(getRawHeader(join(resources, 'app.asar')).header, '', join(resources, 'app.asar.unpacked'));
}, 600_000);

afterAll(() => (stage ? rm(stage, { recursive: true, force: true }) : undefined));

describe('electron-builder.yml, packed for Linux x64 with a stand-in Electron', () => {
  it('names the executable demo-desktop and puts the code in resources/app.asar', () => {
    expect(existsSync(join(resources, '..', 'demo-desktop'))).toBe(true);
    expect(packed.size).toBeGreaterThan(100);
  });

  it('packs the main entry, the bundled preload and every renderer page, without source maps', async () => {
    const { main } = require(join(REPO_ROOT, 'package.json')) as { main: string };
    const pages = (await readdir(join(REPO_ROOT, 'renderer'))).filter((name) => name.endsWith('.html'));
    expect(pages).toEqual(expect.arrayContaining(['index.html', 'editor.html']));
    for (const file of [
      'package.json',
      main,
      'dist/preload/index.cjs',
      'dist/main/cli/bin.js',
      ...pages.map((page) => `dist/renderer/${page}`),
    ]) {
      expect(packed.get(file), file).toBe(false);
    }
    expect([...packed.keys()].filter((file) => file.startsWith('dist/') && file.endsWith('.map'))).toEqual([]);
  });

  it('packs production dependencies only, without onnxruntime-web and without Electron itself', () => {
    const packages = new Set([...packed.keys()].map((file) => /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1]));
    for (const name of ['react', 'zod', 'onnxruntime-node', 'sharp', '@huggingface/transformers']) expect(packages, name).toContain(name);
    for (const name of ['electron', 'electron-builder', 'typescript', 'vitest', 'vite', 'onnxruntime-web'])
      expect(packages, name).not.toContain(name);
  });

  it('unpacks every native addon of the packed dependencies, with the libraries it loads, and only Linux x64 builds', async () => {
    const otherBuild = /\/bin\/napi-v6\/(?:darwin|win32|linux\/arm64)\//;
    const packages = new Set(
      [...packed.keys()].map((file) => /^(node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1]).filter((dir) => dir !== undefined),
    );
    const expected: string[] = [];
    for (const dir of packages) {
      // node-gyp's intermediate copies (build/Release/obj.target/) are never packed: electron-builder leaves them out.
      const addons = (await filesUnder(join(REPO_ROOT, dir))).filter(
        (file) => file.endsWith('.node') && !file.startsWith('node_modules/') && !file.includes('/obj.target/'),
      );
      expected.push(...addons.map((file) => `${dir}/${file}`).filter((file) => !otherBuild.test(file)));
    }
    expect(expected).toEqual(
      expect.arrayContaining([
        'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node',
        expect.stringMatching(/^node_modules\/@img\/sharp-linux-x64\/lib\/sharp-linux-x64-.*\.node$/),
        'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      ]),
    );
    const nativeFiles = [...packed.keys()].filter((file) => /\.node$|\.so(\.\d+)*$|\.dylib$|\.dll$/.test(file));
    expect(nativeFiles.filter((file) => file.endsWith('.node')).sort()).toEqual(expected.sort());
    expect(nativeFiles).toEqual(
      expect.arrayContaining([
        'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1',
        expect.stringMatching(/libvips-cpp\.so/),
      ]),
    );
    for (const file of nativeFiles) {
      expect(packed.get(file), `${file} unpacked`).toBe(true);
      expect(existsSync(join(resources, 'app.asar.unpacked', file)), `${file} in app.asar.unpacked`).toBe(true);
    }
    expect(nativeFiles.filter((file) => otherBuild.test(file))).toEqual([]);
  });

  it('ships the examples and the tiny models as real files beside app.asar, where bundledPath finds them', async () => {
    const appRoot = join(resources, 'app.asar');
    expect(bundledPath('examples', appRoot)).toBe(join(resources, 'examples'));
    expect(await filesUnder(bundledPath('examples', appRoot))).toEqual(
      expect.arrayContaining(await filesUnder(join(REPO_ROOT, 'examples'))),
    );
    const models = join(bundledPath('models', appRoot), 'tiny');
    expect((await filesUnder(models)).sort()).toEqual((await filesUnder(join(REPO_ROOT, 'models', 'tiny'))).sort());
    // examples/sentiment/project.json names its model as ../../models/tiny/sentiment.
    expect(existsSync(join(bundledPath('examples', appRoot), 'sentiment', '..', '..', 'models', 'tiny', 'sentiment', 'config.json'))).toBe(
      true,
    );
    expect([...packed.keys()].filter((file) => file.startsWith('examples/') || file.startsWith('models/'))).toEqual([]);
  });
});

describe('electron-builder.yml for every OS, through electron-builder’s own loader and schema', () => {
  let config: Configuration;
  beforeAll(async () => {
    const { getConfig, validateConfiguration } = (await import('app-builder-lib/out/util/config/config.js')) as {
      getConfig: (projectDir: string, configPath: string | null, options: Configuration | null) => Promise<Configuration>;
      validateConfiguration: (config: Configuration, logger: DebugLogger) => Promise<void>;
    };
    config = await getConfig(REPO_ROOT, null, null);
    await validateConfiguration(config, new DebugLogger(false));
  });

  it('rebuilds native modules for Electron in a real build: better-sqlite3 is not N-API', () => {
    expect(config.npmRebuild).not.toBe(false);
    const { scripts } = require(join(REPO_ROOT, 'package.json')) as { scripts: Record<string, string> };
    // The rebuild happens in node_modules: dist:app gives Node its own build back afterwards.
    expect(scripts['dist:app']).toMatch(/electron-builder --publish never && npm rebuild better-sqlite3$/);
  });

  it('has no update feed and registers the demo-desktop:// scheme', () => {
    expect(config.publish).toBeNull();
    expect([config.protocols].flat().flatMap((protocol) => protocol?.schemes)).toEqual(['demo-desktop']);
  });

  it('builds AppImage and deb, NSIS and DMG, from icon files that exist', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toBe('nsis');
    expect(config.mac?.target).toEqual([{ target: 'dmg', arch: 'arm64' }]);
    for (const icon of [config.linux?.icon, config.mac?.icon, config.win?.icon, config.nsis?.include]) {
      expect(icon && existsSync(join(REPO_ROOT, icon)), String(icon)).toBe(true);
    }
  });

  // A platform's `files` replaces the top-level list: each must name the app's files itself.
  it.each(['linux', 'mac', 'win'] as const)('packs the app files on %s, and only that OS’s onnxruntime build', (os) => {
    const files = [config[os]?.files].flat();
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/**',
        '!dist/**/*.map',
        'package.json',
        '!node_modules/onnxruntime-web/**',
        '!node_modules/electron/**',
      ]),
    );
    const own = { linux: 'linux', mac: 'darwin', win: 'win32' }[os];
    const others = ['darwin', 'linux', 'win32'].filter((name) => name !== own).join(',');
    expect(files).toEqual(
      expect.arrayContaining([
        `!node_modules/onnxruntime-node/bin/napi-v6/{${others}}/**`,
        `!node_modules/onnxruntime-node/bin/napi-v6/${own}/!(\${arch})/**`,
      ]),
    );
  });

  it('associates project files on each OS without taking over JSON', () => {
    const linux = [config.linux?.fileAssociations].flat();
    expect(linux).toEqual([expect.objectContaining({ ext: 'demo.json', mimeType: 'application/x-demo-desktop-project' })]);
    expect(config.linux?.mimeTypes).toContain('application/json');
    expect([config.mac?.fileAssociations].flat()).toEqual([expect.objectContaining({ ext: 'json', rank: 'Alternate' })]);
    expect(config.fileAssociations ?? config.win?.fileAssociations).toBeUndefined();
  });
});
