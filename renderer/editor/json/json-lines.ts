import { formatPath } from '../../../preload/shared/project/validation-error.js';

/**
 * Where things are in a JSON text, for the JSON view's error marks: the line of the value at a
 * JSON path (`$.ui.children[0].label`, as checkProject reports it) and the line of a JSON.parse
 * error. Lines and columns are 1-based.
 */

export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** Offsets where each line starts. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

export function positionAt(text: string, offset: number): TextPosition {
  const starts = lineStarts(text);
  const clamped = Math.max(0, Math.min(offset, text.length));
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= clamped) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: clamped - (starts[low] ?? 0) + 1 };
}

/**
 * The offset where each value of valid JSON `text` starts (for an object member: where its key
 * starts), keyed by its path in checkProject's format. Throws on invalid JSON (parse it first).
 */
export function valueOffsets(text: string): Map<string, number> {
  const offsets = new Map<string, number>();
  const scanner = new Scanner(text);
  scanner.value([], offsets, scanner.skip());
  return offsets;
}

class Scanner {
  private at = 0;
  constructor(private readonly text: string) {}

  /** Skips white space; returns the offset reached. */
  skip(): number {
    while (/\s/.test(this.text.charAt(this.at))) this.at++;
    return this.at;
  }

  value(path: PropertyKey[], offsets: Map<string, number>, start: number): void {
    offsets.set(formatPath(path), start);
    const char = this.text.charAt(this.at);
    if (char === '{') this.object(path, offsets);
    else if (char === '[') this.array(path, offsets);
    else if (char === '"') this.string();
    else this.literal();
  }

  private object(path: PropertyKey[], offsets: Map<string, number>): void {
    this.at++; // {
    if (this.text.charAt(this.skip()) === '}') {
      this.at++;
      return;
    }
    for (;;) {
      const keyStart = this.skip();
      const key = this.string();
      this.skip();
      this.at++; // :
      this.skip();
      this.value([...path, key], offsets, keyStart);
      if (this.text.charAt(this.skip()) === ',') this.at++;
      else break;
    }
    this.skip();
    this.at++; // }
  }

  private array(path: PropertyKey[], offsets: Map<string, number>): void {
    this.at++; // [
    if (this.text.charAt(this.skip()) === ']') {
      this.at++;
      return;
    }
    for (let index = 0; ; index++) {
      this.value([...path, index], offsets, this.skip());
      if (this.text.charAt(this.skip()) === ',') this.at++;
      else break;
    }
    this.skip();
    this.at++; // ]
  }

  /** A string token, decoded (keys must be compared decoded: "a\u0062" is the key "ab"). */
  private string(): string {
    const start = this.at;
    this.at++; // "
    while (this.at < this.text.length && this.text.charAt(this.at) !== '"') this.at += this.text.charAt(this.at) === '\\' ? 2 : 1;
    this.at++; // "
    if (this.at > this.text.length) throw new SyntaxError('Unterminated string in JSON');
    return JSON.parse(this.text.slice(start, this.at)) as string;
  }

  private literal(): void {
    while (this.at < this.text.length && /[^\s,\]}]/.test(this.text.charAt(this.at))) this.at++;
  }
}

/** `$.a.b[0]` → `$.a.b`, `$["x y"]` → `$`; null for `$`. */
export function parentPath(path: string): string | null {
  const match = /^(.*?)(?:\.[A-Za-z_$][\w$]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])$/.exec(path);
  return match?.[1] !== undefined && path !== '$' ? match[1] : null;
}

/**
 * The line of the value at `path` in valid JSON `text`; a path that is not there (a missing key)
 * gives the line of its nearest ancestor that is. Null when `text` is not valid JSON.
 */
export function lineOfPath(text: string, path: string): number | null {
  let offsets: Map<string, number>;
  try {
    JSON.parse(text);
    offsets = valueOffsets(text);
  } catch {
    return null;
  }
  return lineIn(text, offsets, path);
}

/** lineOfPath with the offsets computed once (for many issues on one text). */
export function lineIn(text: string, offsets: ReadonlyMap<string, number>, path: string): number {
  for (let at: string | null = path; at !== null; at = parentPath(at)) {
    const offset = offsets.get(at);
    if (offset !== undefined) return positionAt(text, offset).line;
  }
  return 1;
}

/**
 * Where a JSON.parse error is, from its message: V8's "(line 3 column 5)" or "at position 42",
 * Firefox's "at line 3 column 5"; "Unexpected end of JSON input" is at the end of the text.
 */
export function parseErrorPosition(message: string, text: string): TextPosition {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /position (\d+)/.exec(message);
  if (position) return positionAt(text, Number(position[1]));
  return positionAt(text, text.trimEnd().length);
}
