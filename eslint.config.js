// ESLint flat config. Type-checked rules for every TypeScript file that a tsconfig covers, syntax-only
// rules for the rest (so a stray file never crashes the run), and the layering rules of
// docs/architecture.md: renderer → preload/shared (+ types of preload/api); preload/shared → nothing
// platform specific; only main/shell, main/ipc and main/index.ts touch electron; main/cli never
// reaches into the shell.
import { existsSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import ts from 'typescript';

const root = import.meta.dirname;
const toPosix = (file) => file.split(path.sep).join('/');

/** Repo-relative files that a tsconfig includes (evaluated on every run, so new files count). */
function filesOf(tsconfig) {
  const file = path.join(root, tsconfig);
  if (!existsSync(file)) return [];
  const { config, error } = ts.readConfigFile(file, ts.sys.readFile);
  if (error) throw new Error(`${tsconfig}: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(file));
  return parsed.fileNames.map((name) => toPosix(path.relative(root, name)));
}

/** Electron is an optional dependency; its files can only be type-checked when it is installed. */
function electronInstalled() {
  try {
    createRequire(import.meta.url).resolve('electron');
    return true;
  } catch {
    return false;
  }
}

// tsconfig.json files found by the project service (it picks the nearest tsconfig.json per file).
const serviceFiles = [
  ...new Set(['tsconfig.json', 'renderer/tsconfig.json', 'test/e2e/tsconfig.json', 'bench/tsconfig.json'].flatMap(filesOf)),
];
// Files that import electron (main/shell, main/ipc, main/index.ts, preload/{index,api}.ts).
const shellFiles = electronInstalled() ? filesOf('tsconfig.shell.json').filter((file) => !serviceFiles.includes(file)) : [];

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));
const nodeGlobals = Object.fromEntries(
  [
    'AbortController',
    'AbortSignal',
    'Buffer',
    'URL',
    'URLSearchParams',
    'TextDecoder',
    'TextEncoder',
    'clearInterval',
    'clearTimeout',
    'console',
    'fetch',
    'process',
    'queueMicrotask',
    'setInterval',
    'setTimeout',
    'structuredClone',
  ].map((name) => [name, 'readonly']),
);

/**
 * layers/boundaries: checks where a relative import *resolves to* (a string pattern cannot tell
 * `../main` from a renderer folder named main). Options: `allow` (the import must land under one of
 * these repo-relative prefixes), `typeOnly` (may be imported with `import type` only), `deny`.
 */
const boundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep relative imports inside the layer boundaries of docs/architecture.md' },
    schema: [
      {
        type: 'object',
        properties: {
          allow: { type: 'array', items: { type: 'string' } },
          typeOnly: { type: 'array', items: { type: 'string' } },
          deny: { type: 'array', items: { type: 'string' } },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      outside: '{{layer}} may import only from {{allowed}}; "{{source}}" resolves to {{target}}.',
      typeOnly: '"{{source}}" may be imported with `import type` only.',
      denied: '{{layer}} must not import {{target}} ("{{source}}").',
    },
  },
  create(context) {
    const { allow, typeOnly = [], deny = [] } = context.options[0] ?? {};
    const layer = toPosix(path.relative(root, context.filename));
    const under = (target, prefix) =>
      target === prefix || target.startsWith(`${prefix}/`) || target.replace(/\.[cm]?[jt]sx?$/, '') === prefix;
    const check = (node, source, isType) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = toPosix(path.relative(root, path.resolve(path.dirname(context.filename), source)));
      const data = { layer, source, target };
      const denied = deny.find((prefix) => under(target, prefix));
      if (denied) return context.report({ node, messageId: 'denied', data });
      if (!allow || allow.some((prefix) => under(target, prefix))) return;
      if (typeOnly.some((prefix) => under(target, prefix))) {
        if (!isType) context.report({ node, messageId: 'typeOnly', data });
        return;
      }
      context.report({ node, messageId: 'outside', data: { ...data, allowed: [...allow, ...typeOnly].join(', ') } });
    };
    const typeOnlyImport = (node) =>
      node.importKind === 'type' || (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === 'type'));
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value, typeOnlyImport(node)),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value, node.exportKind === 'type'),
      ExportAllDeclaration: (node) => check(node.source, node.source.value, node.exportKind === 'type'),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value, false),
    };
  },
};

/** On top of strictTypeChecked (which has no-floating-promises, no-misused-promises, no-explicit-any). */
const typedRules = {
  '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
  '@typescript-eslint/return-await': ['error', 'in-try-catch'],
  '@typescript-eslint/require-array-sort-compare': ['error', { ignoreStringArrays: true }],
  '@typescript-eslint/prefer-nullish-coalescing': 'error',
  '@typescript-eslint/prefer-optional-chain': 'error',
  // Numbers and booleans read fine in messages ("expected 3 inputs"); objects, any and nullish do not.
  '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
  // `(x) => resolve(x)` and `() => void promise` shorthands are idiomatic here; the rule's remaining
  // reports are about style, and no-floating-promises / no-misused-promises catch the real bugs.
  '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true, ignoreVoidOperator: true }],
};

const tsFiles = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];
const electronFiles = ['main/shell/**', 'main/ipc/**', 'main/index.ts', 'preload/index.ts', 'preload/api.ts'];
const electronImport = {
  name: 'electron',
  message: 'Only main/shell, main/ipc and main/index.ts import electron; keep the engine plain Node.',
};
const electronPattern = { group: ['electron/*'], message: electronImport.message };

export default defineConfig(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'models/tiny/',
      'coverage/',
      'test-results/',
      'playwright-report/',
      '.cache/',
      '.bench/',
      'release/',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },

  // Every file: the core recommended rules plus a few that catch real bugs.
  eslint.configs.recommended,
  {
    plugins: { layers: { rules: { boundaries } } },
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: nodeGlobals },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'prefer-const': 'error',
      'object-shorthand': 'error',
    },
  },

  // TypeScript, syntax-only baseline (applies to every TS file; typed files get more below).
  {
    files: tsFiles,
    extends: [tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },

  // TypeScript with type information: files of tsconfig.json / renderer/tsconfig.json.
  {
    files: serviceFiles,
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
    rules: typedRules,
  },
  // Electron files, type-checked through tsconfig.shell.json when electron is installed. Without it
  // they keep the syntax-only rules above: their electron types would all be `any`.
  shellFiles.length > 0
    ? {
        files: shellFiles,
        extends: [tseslint.configs.strictTypeChecked],
        languageOptions: {
          parserOptions: { projectService: false, project: ['tsconfig.shell.json'], tsconfigRootDir: root },
        },
        rules: typedRules,
      }
    : {},

  // Layering. Each file gets exactly one options object per rule (flat config does not merge options).
  // The engine (main/cli included) never reaches into the Electron layer, not even transitively.
  {
    files: ['main/**/*.ts'],
    ignores: electronFiles,
    rules: {
      'no-restricted-imports': ['error', { paths: [electronImport], patterns: [electronPattern] }],
      'layers/boundaries': ['error', { deny: ['renderer', 'test', 'main/shell', 'main/ipc', 'main/index.ts'] }],
    },
  },
  {
    files: ['main/shell/**', 'main/ipc/**', 'main/index.ts'],
    rules: { 'layers/boundaries': ['error', { deny: ['renderer', 'test'] }] },
  },
  {
    files: ['preload/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'preload/shared is pure TS shared by every layer: no electron.' },
            ...nodeBuiltins.map((name) => ({ name, message: 'preload/shared runs in the renderer too: no Node.' })),
          ],
          patterns: [{ group: ['node:*', 'electron/*'], message: 'preload/shared is pure TS shared by every layer.' }],
        },
      ],
      'layers/boundaries': ['error', { allow: ['preload/shared'] }],
    },
  },
  {
    files: ['preload/index.ts', 'preload/api.ts'],
    rules: { 'layers/boundaries': ['error', { allow: ['preload'] }] },
  },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // Any bare specifier except the renderer's few packages (relative paths are checked by
              // layers/boundaries, which resolves them). The Markdown ones are imported only by
              // components/blocks/markdown/ (KaTeX and highlighting load lazily from there).
              regex:
                '^(?!\\.{1,2}/|(react|react-dom|@gradio/client|react-markdown|remark-gfm|remark-math|rehype-katex|katex|rehype-highlight|qrcode|uplot)(/|$))',
              message:
                'renderer/ imports only react, react-dom, @gradio/client, the Markdown packages (react-markdown, remark-gfm, remark-math, rehype-katex, katex, rehype-highlight), qrcode (the Share panel), uplot (the dashboard charts), its own files, preload/shared and types from preload/api.',
            },
          ],
        },
      ],
      'layers/boundaries': ['error', { allow: ['renderer', 'preload/shared'], typeOnly: ['preload/api'] }],
    },
  },

  // The preload's `window.app` bridge is reached in one module only (renderer/desktop-bridge.ts), so
  // every page falls back to HTTP the same way in a browser; test/shell-policy/renderer-bridge.test.ts
  // checks the same with a text scan.
  {
    files: ['renderer/**'],
    ignores: ['renderer/desktop-bridge.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...[
          "MemberExpression[property.name='app'][object.name=/^(window|globalThis|self)$/]",
          "MemberExpression[property.value='app'][object.name=/^(window|globalThis|self)$/]",
          "MemberExpression[property.name='app'] > TSAsExpression.object Identifier[name=/^(window|globalThis|self)$/]",
          "MemberExpression[property.value='app'] > TSAsExpression.object Identifier[name=/^(window|globalThis|self)$/]",
          "VariableDeclarator[id.type='ObjectPattern'][init.name=/^(window|globalThis|self)$/] > ObjectPattern > Property[key.name='app']",
          "VariableDeclarator[id.type='ObjectPattern'] > TSAsExpression.init Identifier[name=/^(window|globalThis|self)$/]",
        ].map((selector) => ({
          selector,
          message: 'Reach the Electron bridge through desktopBridge() (renderer/desktop-bridge.ts) only.',
        })),
      ],
    },
  },

  // The tiny-model generator builds vocabularies from ASCII alphabets ([...'abc']); one entry per
  // code point is exactly what it wants, and its outputs are pinned by test/models/determinism.
  {
    files: ['models/generator/**'],
    rules: { '@typescript-eslint/no-misused-spread': 'off' },
  },
  // Vitest's asymmetric matchers (expect.any, expect.objectContaining, ...) are typed `any`, so every
  // `toEqual({ score: expect.any(Number) })` would be an "unsafe assignment". Member access, calls and
  // returns of `any` stay errors in tests too.
  {
    files: ['test/**'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
);
