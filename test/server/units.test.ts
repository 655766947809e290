/** The server's pure pieces, without I/O. */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../preload/shared/errors.js';
import { toErrorPayload } from '../../main/server/gradio/error-payload.js';
import { fileUrl } from '../../main/server/gradio/file-data.js';
import { sanitizeFileName } from '../../main/server/gradio/file-store.js';
import { toLabelOutput } from '../../main/server/gradio/label-output.js';
import { diffValue, OutputDiffer } from '../../main/server/gradio/output-diff.js';
import { allowedOrigin, HostGuard, parseHost, requestRoot } from '../../main/server/host-guard.js';
import { parseRange } from '../../main/server/send-file.js';

const request = (headers: Record<string, string>): IncomingMessage => ({ headers }) as unknown as IncomingMessage;

describe('ranges', () => {
  it.each([
    ['bytes=0-4', { start: 0, end: 4 }],
    ['bytes=5-', { start: 5, end: 9 }],
    ['bytes=-3', { start: 7, end: 9 }],
    ['bytes=8-100', { start: 8, end: 9 }],
    ['bytes=10-12', 'unsatisfiable'],
    ['items=0-1', null],
    ['bytes=0-1,3-4', null],
  ])('%s of 10 bytes', (header, expected) => {
    expect(parseRange(header, 10)).toEqual(expected);
  });
});

describe('output diffs', () => {
  it('sends full values first, then appends for grown strings and replaces otherwise', () => {
    const differ = new OutputDiffer();
    expect(differ.next(['a', 1])).toEqual(['a', 1]);
    expect(differ.next(['ab', 2])).toEqual([[['append', [], 'b']], [['replace', [], 2]]]);
    expect(differ.next(['ab', 2])).toEqual([[], []]);
    expect(diffValue('abc', 'x')).toEqual([['replace', [], 'x']]);
  });
});

describe('labels', () => {
  it('accepts LabelValue, pipeline scores, records and strings', () => {
    expect(
      toLabelOutput(
        {
          label: 'POS',
          confidences: [
            { label: 'NEG', confidence: 0.1 },
            { label: 'POS', confidence: 0.9 },
          ],
        },
        1,
      ),
    ).toEqual({
      label: 'POS',
      confidences: [{ label: 'POS', confidence: 0.9 }],
    });
    expect(
      toLabelOutput(
        [
          { label: 'a', score: 0.2 },
          { label: 'b', score: 0.8 },
        ],
        undefined,
      ),
    ).toEqual({
      label: 'b',
      confidences: [
        { label: 'b', confidence: 0.8 },
        { label: 'a', confidence: 0.2 },
      ],
    });
    expect(toLabelOutput({ cat: 0.7, dog: 0.3 }, undefined)?.label).toBe('cat');
    expect(toLabelOutput('plain', undefined)).toEqual({ label: 'plain' });
    expect(toLabelOutput(null, undefined)).toBeNull();
  });
});

describe('host guard and CORS', () => {
  it('parses hosts and accepts loopback names on our port only', () => {
    expect(parseHost('[::1]:80')).toEqual({ hostname: '[::1]', port: '80' });
    const guard = new HostGuard(() => 7860);
    expect(guard.isAllowed('127.0.0.1:7860')).toBe(true);
    expect(guard.isAllowed('LOCALHOST:7860')).toBe(true);
    expect(guard.isAllowed('[::1]:7860')).toBe(true);
    expect(guard.isAllowed('127.0.0.1:7861')).toBe(false);
    expect(guard.isAllowed('127.0.0.1.evil.example:7860')).toBe(false);
    expect(guard.isAllowed(undefined)).toBe(false);
  });

  it('echoes only localhost origins to a localhost Host, any origin to a public Host', () => {
    expect(allowedOrigin(request({ host: '127.0.0.1:1', origin: 'http://localhost:3000' }))).toBe('http://localhost:3000');
    expect(allowedOrigin(request({ host: '127.0.0.1:1', origin: 'https://evil.example' }))).toBeNull();
    expect(allowedOrigin(request({ host: 'share.example', origin: 'https://friend.example' }))).toBe('https://friend.example');
  });

  it('builds root from the request or the forwarded headers, without a trailing slash', () => {
    expect(requestRoot(request({ host: '127.0.0.1:5' }))).toBe('http://127.0.0.1:5');
    expect(requestRoot(request({ host: '127.0.0.1:5', 'x-forwarded-host': 'a.example, b', 'x-forwarded-proto': 'https' }))).toBe(
      'https://a.example',
    );
  });
});

describe('files and errors', () => {
  it('sanitises upload names to one safe segment', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('C:\\x\\evil<>.txt')).toBe('evil__.txt');
    expect(sanitizeFileName('..')).toBe('file');
  });

  it('builds file URLs that keep slashes and escape the rest', () => {
    expect(fileUrl('http://h:1', '/tmp/a b/c#d?.txt')).toBe('http://h:1/gradio_api/file=/tmp/a%20b/c%23d%3F.txt');
  });

  it('shows user-facing errors always and internal ones only with show_error', () => {
    expect(toErrorPayload(new AppError('INVALID_INPUT', 'Give a number.'), false)).toEqual({
      error: 'Give a number.',
      visible: true,
      duration: 10,
      title: 'Error',
    });
    expect(toErrorPayload(new AppError('FUNCTION_FAILED', 'kaput'), false)).toEqual({ error: null });
    expect(toErrorPayload(new Error('kaput'), true)).toEqual({ error: 'kaput', visible: true });
  });

  it('always shows the worker errors the app words itself: crashed, paused, past a limit', () => {
    for (const code of ['WORKER_CRASHED', 'WORKER_PAUSED', 'LIMIT_EXCEEDED'] as const) {
      expect(toErrorPayload(new AppError(code, 'The worker for model "m" is crashing.'), false)).toMatchObject({
        error: 'The worker for model "m" is crashing.',
        visible: true,
      });
    }
  });
});

describe('tabular outputs', () => {
  it('shapes rows as a Gradio Dataframe and pairs as HighlightedText spans', async () => {
    const { toDataframeOutput, toHighlightedOutput } = await import('../../main/server/gradio/table-outputs.js');
    expect(toDataframeOutput([[1, 'a']], ['n', 's'])).toEqual({ headers: ['n', 's'], data: [[1, 'a']], metadata: null });
    expect(toDataframeOutput([[1, 'a', true]], undefined)).toEqual({ headers: ['1', '2', '3'], data: [[1, 'a', true]], metadata: null });
    expect(
      toHighlightedOutput([
        ['Ada', 'PER'],
        [' lives', null],
      ]),
    ).toEqual([
      { token: 'Ada', class_or_confidence: 'PER' },
      { token: ' lives', class_or_confidence: null },
    ]);
  });
});
