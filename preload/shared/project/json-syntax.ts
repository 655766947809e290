/**
 * Where a project.json's JSON goes wrong, as a person fixes it: line and column, what was expected
 * there and what was found. JSON.parse says only "at position 412", or for some mistakes nothing
 * at all but a snippet ("Unexpected token 'W', ..."), so the text is scanned again (RFC 8259, the
 * grammar JSON.parse accepts) when, and only when, JSON.parse has refused it. The scan keeps its
 * own stack, so no nesting overflows it.
 */

export interface JsonSyntaxProblem {
  /** 1-based, as editors count. */
  readonly line: number;
  readonly column: number;
  /** "expected ..., found ..." with a hint for the usual mistakes. */
  readonly message: string;
}

type Want = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close' | 'end';

const VALUE = 'a value (an object, array, string in double quotes, number, true, false or null)';
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[^\s"',:[\]{}]{1,20}/y;

/** The first syntax error in `text`, or null when it is valid JSON. */
export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | null {
  const stack: ('{' | '[')[] = [];
  let want: Want = 'value';
  let i = 0;
  const fail = (at: number, expected: string): JsonSyntaxProblem => problem(text, at, expected);
  const after = (): Want => (stack.length === 0 ? 'end' : 'comma-or-close');
  for (;;) {
    while (i < text.length && ' \t\n\r'.includes(text[i] ?? '')) i++;
    if (i >= text.length) return want === 'end' ? null : fail(i, expectedFor(want, stack));
    const c = text[i] ?? '';
    switch (want) {
      case 'value':
      case 'value-or-close': {
        if (want === 'value-or-close' && c === ']') {
          stack.pop();
          i++;
          want = after();
        } else if (c === '{' || c === '[') {
          stack.push(c);
          i++;
          want = c === '{' ? 'key-or-close' : 'value-or-close';
        } else if (c === '"') {
          const end = stringEnd(text, i);
          if (typeof end !== 'number') return end;
          i = end;
          want = after();
        } else {
          const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i));
          NUMBER.lastIndex = i;
          const number = literal === undefined && /[-\d]/.test(c) ? NUMBER.exec(text) : null;
          if (literal === undefined && number === null) return fail(i, VALUE);
          i += literal?.length ?? number?.[0].length ?? 0;
          want = after();
        }
        break;
      }
      case 'key':
      case 'key-or-close': {
        if (want === 'key-or-close' && c === '}') {
          stack.pop();
          i++;
          want = after();
        } else if (c === '"') {
          const end = stringEnd(text, i);
          if (typeof end !== 'number') return end;
          i = end;
          want = 'colon';
        } else {
          return fail(i, 'a property name in double quotes');
        }
        break;
      }
      case 'colon':
        if (c !== ':') return fail(i, "':' after the property name");
        i++;
        want = 'value';
        break;
      case 'comma-or-close': {
        const top = stack[stack.length - 1];
        const close = top === '{' ? '}' : ']';
        if (c === ',') want = top === '{' ? 'key' : 'value';
        else if (c === close) {
          stack.pop();
          want = after();
        } else return fail(i, `',' or '${close}'`);
        i++;
        break;
      }
      case 'end':
        return fail(i, 'the end of the file (a project.json holds one JSON object)');
    }
  }
}

function expectedFor(want: Want, stack: readonly ('{' | '[')[]): string {
  if (want === 'comma-or-close') return `',' or '${stack[stack.length - 1] === '{' ? '}' : ']'}'`;
  if (want === 'colon') return "':' after the property name";
  if (want === 'key' || want === 'key-or-close') return 'a property name in double quotes';
  return VALUE;
}

/** The offset just past the string that starts at `start` (a '"'), or the problem in it. */
function stringEnd(text: string, start: number): number | JsonSyntaxProblem {
  for (let j = start + 1; j < text.length; j++) {
    const code = text.charCodeAt(j);
    if (code === 0x22) return j + 1;
    if (code < 0x20) return problem(text, j, "the closing '\"' of the string (a line break or tab inside a string is written \\n or \\t)");
    if (code === 0x5c) {
      const escape = text[j + 1] ?? '';
      if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) j += 5;
      else if ('"\\/bfnrt'.includes(escape) && escape !== '') j += 1;
      else
        return problem(
          text,
          j,
          'an escape: \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u and four hex digits (a backslash itself is written \\\\)',
        );
    }
  }
  const [line, column] = lineColumn(text, start);
  return problem(text, text.length, `the closing '"' of the string that starts at line ${line}, column ${column}`);
}

function problem(text: string, at: number, expected: string): JsonSyntaxProblem {
  const [line, column] = lineColumn(text, at);
  return { line, column, message: `expected ${expected}, found ${found(text, at)}${hint(text, at)}` };
}

function lineColumn(text: string, at: number): [number, number] {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < at; k++) {
    if (text[k] === '\n') {
      line++;
      lineStart = k + 1;
    }
  }
  return [line, at - lineStart + 1];
}

function found(text: string, at: number): string {
  if (at >= text.length) return 'the end of the file';
  WORD.lastIndex = at;
  const word = WORD.exec(text)?.[0];
  const shown = word ?? text[at] ?? '';
  return /^[\x20-\x7e]+$/.test(shown) && !shown.includes("'") ? `'${shown}'` : JSON.stringify(shown);
}

/** A word on the usual mistakes: a trailing comma, single quotes, comments, bare words. */
function hint(text: string, at: number): string {
  if (at >= text.length) return '';
  const c = text[at] ?? '';
  let before = at - 1;
  while (before >= 0 && ' \t\n\r'.includes(text[before] ?? '')) before--;
  if ((c === '}' || c === ']') && text[before] === ',') return ': remove the comma before it (JSON allows no trailing comma)';
  if (c === ',' && /[,[{]/.test(text[before] ?? '')) return ': remove this comma';
  if (c === "'") return ': JSON strings and names take double quotes';
  if (c === '/' && (text[at + 1] === '/' || text[at + 1] === '*')) return ': JSON has no comments';
  if (/[A-Za-z_]/.test(c)) return ': text values and property names go in double quotes';
  if (c === '"' && text[before] !== undefined && /["\d\]}el]/.test(text[before] ?? '')) return ': a comma is missing before it';
  return '';
}

/** The issue message for text that JSON.parse refused, with line and column where they can be found. */
export function jsonSyntaxMessage(text: string, parseError: unknown): string {
  if (text.trim() === '') return 'the file is empty: a project.json is one JSON object, e.g. {"version": 1, "name": ..., "ui": ...}';
  const found = findJsonSyntaxProblem(text);
  if (found) return `not valid JSON at line ${found.line}, column ${found.column}: ${found.message}`;
  return `not valid JSON: ${parseError instanceof Error ? parseError.message : String(parseError)}`;
}
