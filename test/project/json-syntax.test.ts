import { describe, expect, it } from 'vitest';
import { findJsonSyntaxProblem, jsonSyntaxMessage } from '../../preload/shared/project/json-syntax.js';

/** The message for text JSON.parse refuses, as validate, serve and the editor show it. */
function messageOf(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return jsonSyntaxMessage(text, error);
  }
  throw new Error(`valid JSON: ${text}`);
}

describe('JSON syntax errors: line, column, what was expected, what was found', () => {
  it('points at the usual mistakes with a hint', () => {
    expect(messageOf('{\n  "name": "x",\n  "ui": {},\n}')).toBe(
      "not valid JSON at line 4, column 1: expected a property name in double quotes, found '}': remove the comma before it (JSON allows no trailing comma)",
    );
    expect(messageOf('{\n  "name": World\n}')).toBe(
      "not valid JSON at line 2, column 11: expected a value (an object, array, string in double quotes, number, true, false or null), found 'World': text values and property names go in double quotes",
    );
    expect(messageOf("{'name': 1}")).toMatch(
      /^not valid JSON at line 1, column 2: .*found "'": JSON strings and names take double quotes$/,
    );
    expect(messageOf('// my demo\n{}')).toMatch(/^not valid JSON at line 1, column 1: .*found '\/\/': JSON has no comments$/);
    expect(messageOf('{"a": 1\n "b": 2}')).toBe(
      "not valid JSON at line 2, column 2: expected ',' or '}', found '\"': a comma is missing before it",
    );
    expect(messageOf('[1, 2,]')).toMatch(/^not valid JSON at line 1, column 7: .*remove the comma before it/);
    expect(messageOf('{"a" 1}')).toBe("not valid JSON at line 1, column 6: expected ':' after the property name, found '1'");
    expect(messageOf('{"a": 1}}')).toMatch(/^not valid JSON at line 1, column 9: expected the end of the file/);
  });

  it('finds problems inside strings and at the end of the file', () => {
    expect(messageOf('{"a": "abc')).toBe(
      "not valid JSON at line 1, column 11: expected the closing '\"' of the string that starts at line 1, column 7, found the end of the file",
    );
    expect(messageOf('{"a": "x\\q"}')).toMatch(/^not valid JSON at line 1, column 9: expected an escape: .*found '\\q'$/);
    expect(messageOf('{"a": "two\nlines"}')).toMatch(
      /^not valid JSON at line 1, column 11: expected the closing '"' of the string \(a line break/,
    );
    expect(messageOf('{"a": [1, {"b": null}')).toBe("not valid JSON at line 1, column 22: expected ',' or ']', found the end of the file");
  });

  it('says an empty file is empty', () => {
    expect(messageOf('')).toMatch(/^the file is empty: a project.json is one JSON object/);
    expect(messageOf(' \n\t')).toMatch(/^the file is empty/);
  });

  it('accepts exactly what JSON.parse accepts, however deep', () => {
    const valid = [
      '{"a":[1,{"b":null}],"c":true,"d":-1.5e3,"e":"\\u00e9\\n\\/"}',
      '[]',
      ' 0 ',
      '"x"',
      '['.repeat(100_000) + ']'.repeat(100_000),
    ];
    for (const text of valid) expect(findJsonSyntaxProblem(text)).toBeNull();
    const invalid = ['{"a": 01}', '{"a": -}', '{"a": .5}', '{"a": 1.}', '{"a": tRue}', '['.repeat(100_000), '{"a": "\\u12"}'];
    for (const text of invalid) {
      expect(() => JSON.parse(text) as unknown).toThrow();
      expect(findJsonSyntaxProblem(text)).not.toBeNull();
    }
  });
});
