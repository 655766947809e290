import { describe, expect, it } from 'vitest';
import { lineOfPath, parentPath, parseErrorPosition, positionAt } from '../../../renderer/editor/json/json-lines.js';

const DOC = {
  version: 1,
  name: 'x',
  'odd key': { 'a"b': [1, { deep: true }] },
  ui: {
    type: 'blocks',
    children: [
      {
        type: 'row',
        children: [
          { type: 'textbox', id: 'a' },
          { type: 'button', id: 'b' },
        ],
      },
    ],
    events: [],
  },
};
const TEXT = JSON.stringify(DOC, null, 2);
const lineOf = (needle: string): number => TEXT.split('\n').findIndex((line) => line.includes(needle)) + 1;

describe('JSON path to line', () => {
  it('finds the line of a value at a path in the formatted text', () => {
    expect(lineOfPath(TEXT, '$.name')).toBe(lineOf('"name"'));
    expect(lineOfPath(TEXT, '$.ui.children[0].children[1].id')).toBe(lineOf('"id": "b"'));
    expect(lineOfPath(TEXT, '$.ui.children[0].children[1]')).toBe(lineOf('"button"') - 1);
    expect(lineOfPath(TEXT, '$["odd key"]["a\\"b"][1].deep')).toBe(lineOf('"deep"'));
  });

  it('a missing key is shown at its nearest ancestor', () => {
    expect(lineOfPath(TEXT, '$.ui.children[0].children[0].label')).toBe(lineOf('"textbox"') - 1);
    expect(lineOfPath(TEXT, '$.functions')).toBe(1);
    expect(lineOfPath(TEXT, '$')).toBe(1);
  });

  it('works on any valid JSON text, not only the formatted one', () => {
    const compact = '{"a": 1,\n"b": {"c": [\n1,\n  2]}}';
    expect(lineOfPath(compact, '$.b.c[1]')).toBe(4);
    expect(lineOfPath(compact, '$.b')).toBe(2);
    expect(lineOfPath('{"a\\u0062": 1,\n"x": 2}', '$.ab')).toBe(1);
    expect(lineOfPath('{"a": [1,', '$.a')).toBeNull();
  });

  it('walks up a path', () => {
    expect(parentPath('$.a.b[0]')).toBe('$.a.b');
    expect(parentPath('$["x y"]')).toBe('$');
    expect(parentPath('$')).toBeNull();
  });

  it('places parse errors from V8, Firefox and position-only messages', () => {
    const text = '{\n  "a": 1,\n  }\n';
    let message = '';
    try {
      JSON.parse(text);
    } catch (error) {
      message = (error as Error).message;
    }
    // Node's own V8 message, whatever its wording: the error is on line 3.
    expect(parseErrorPosition(message, text).line).toBe(3);
    expect(parseErrorPosition("Expected property name or '}' in JSON at position 14 (line 3 column 3)", text)).toEqual({
      line: 3,
      column: 3,
    });
    expect(parseErrorPosition('JSON.parse: expected double-quoted property name at line 3 column 3 of the JSON data', text)).toEqual({
      line: 3,
      column: 3,
    });
    expect(parseErrorPosition('Unexpected token } in JSON at position 14', text)).toEqual(positionAt(text, 14));
    expect(parseErrorPosition('Unexpected end of JSON input', '{\n  "a": [1,\n')).toEqual({ line: 2, column: 11 });
  });
});
