/**
 * quickJoinBody (the join's hot path) against joinBody (the schema, the definition): for every body
 * it answers, the answer is the schema's, and a body it leaves alone is one the schema must judge.
 */
import { describe, expect, it } from 'vitest';
import { joinBody, quickJoinBody } from '../../main/server/gradio/requests.js';

const row = Array.from({ length: 256 }, (_, i) => Math.sin(i));

/** Bodies the quick path must answer exactly as the schema does (what clients send). */
const common: unknown[] = [
  { data: [row], event_data: null, fn_index: 0, trigger_id: null, session_hash: 'abc123' },
  { data: [row], fn_index: 3, session_hash: 'f0e1d2c3-b4a5' },
  { data: ['text', 1, null, { path: 'x', meta: { _type: 'gradio.FileData' } }], fn_index: 1, session_hash: 's' },
  { data: [], fn_index: null, session_hash: null },
  { data: [1], fn_index: 0, session_hash: 'x', trigger_id: 7 },
  { data: [1], fn_index: 0, session_hash: 'x', extra: 'dropped', __proto__: { polluted: true } },
  JSON.parse('{"data":[1],"fn_index":0,"session_hash":"x","__proto__":{"polluted":true}}'),
];

/** Bodies it must leave to the schema: errors, defaults, event data, odd numbers. */
const others: unknown[] = [
  {},
  { fn_index: 0, session_hash: 'x' },
  { data: 'nope', fn_index: 0 },
  { data: [1], fn_index: -1 },
  { data: [1], fn_index: 1.5 },
  { data: [1], fn_index: '0' },
  { data: [1], fn_index: 2 ** 60 },
  { data: [1], fn_index: 0, session_hash: 5 },
  { data: [1], fn_index: 0, trigger_id: 'a' },
  { data: [1], fn_index: 0, event_data: { index: 1, value: 'a' } },
  [],
  null,
  'text',
];

describe('quickJoinBody', () => {
  it.each(common.map((body) => [body]))('answers %j as joinBody does', (body) => {
    const quick = quickJoinBody(body);
    expect(quick).toBeDefined();
    expect(quick).toStrictEqual(joinBody.parse(body));
  });

  it.each(others.map((body) => [body]))('leaves %j to joinBody', (body) => {
    expect(quickJoinBody(body)).toBeUndefined();
  });
});
