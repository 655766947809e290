/**
 * Where each value of a JSON text lies, so `tune --write` can change a few settings of a
 * project.json and leave every other byte (its formatting, key order, compact one-line objects)
 * as the owner wrote it: the diff is the settings, nothing else.
 */

export type JsonKey = string | number;

export interface JsonNode {
  readonly start: number;
  /** One past the value's last character. */
  readonly end: number;
  readonly kind: 'object' | 'array' | 'scalar';
  /** Object members in text order (key, the key's start, the value). */
  readonly members?: readonly { readonly key: string; readonly keyStart: number; readonly value: JsonNode }[];
  readonly items?: readonly JsonNode[];
}

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  fail(what: string): never {
    throw new SyntaxError(`JSON text: ${what} at offset ${this.pos}`);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text.charAt(this.pos))) this.pos++;
  }

  expect(char: string): void {
    this.skipSpace();
    if (this.text.charAt(this.pos) !== char) this.fail(`expected "${char}"`);
    this.pos++;
  }

  string(): string {
    const start = this.pos;
    this.pos++;
    while (this.pos < this.text.length && this.text.charAt(this.pos) !== '"') this.pos += this.text.charAt(this.pos) === '\\' ? 2 : 1;
    if (this.pos >= this.text.length) this.fail('unterminated string');
    this.pos++;
    return JSON.parse(this.text.slice(start, this.pos)) as string;
  }

  value(): JsonNode {
    this.skipSpace();
    const start = this.pos;
    const char = this.text.charAt(this.pos);
    if (char === '{') return this.object(start);
    if (char === '[') return this.array(start);
    if (char === '"') this.string();
    else {
      const match = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.text.slice(this.pos));
      if (!match) this.fail('expected a value');
      this.pos += match[0].length;
    }
    return { start, end: this.pos, kind: 'scalar' };
  }

  private object(start: number): JsonNode {
    this.pos++;
    const members: { key: string; keyStart: number; value: JsonNode }[] = [];
    this.skipSpace();
    while (this.text.charAt(this.pos) !== '}') {
      if (members.length > 0) this.expect(',');
      this.skipSpace();
      const keyStart = this.pos;
      if (this.text.charAt(this.pos) !== '"') this.fail('expected a key');
      const key = this.string();
      this.expect(':');
      members.push({ key, keyStart, value: this.value() });
      this.skipSpace();
    }
    this.pos++;
    return { start, end: this.pos, kind: 'object', members };
  }

  private array(start: number): JsonNode {
    this.pos++;
    const items: JsonNode[] = [];
    this.skipSpace();
    while (this.text.charAt(this.pos) !== ']') {
      if (items.length > 0) this.expect(',');
      items.push(this.value());
      this.skipSpace();
    }
    this.pos++;
    return { start, end: this.pos, kind: 'array', items };
  }
}

export function parseJsonText(text: string): JsonNode {
  const scanner = new Scanner(text);
  const root = scanner.value();
  scanner.skipSpace();
  if (scanner.pos !== text.length) scanner.fail('unexpected text after the value');
  return root;
}

function child(node: JsonNode, key: JsonKey): JsonNode | undefined {
  if (typeof key === 'number') return node.items?.[key];
  return node.members?.find((member) => member.key === key)?.value;
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

function indentAt(text: string, at: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart(text, at)))?.[0] ?? '';
}

/** One line, spaced as the examples' compact objects are: `{ "maxSize": 12 }`. */
function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const members = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`);
    return members.length === 0 ? '{}' : `{ ${members.join(', ')} }`;
  }
  return JSON.stringify(value);
}

/** The text of `value` as it would sit at `indent`: one line when short, else 2-space blocks. */
function render(value: unknown, indent: string): string {
  const flat = inline(value);
  return flat.length <= 60 ? flat : JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
}

/** A member added at the end of an object, laid out like its last member (or like its braces). */
function insertMember(text: string, node: JsonNode, key: string, value: unknown): string {
  const members = node.members ?? [];
  const last = members.at(-1);
  const multiline = text.slice(node.start, node.end).includes('\n');
  if (!last) {
    if (!multiline) return `${text.slice(0, node.start)}{ "${key}": ${render(value, '')} }${text.slice(node.end)}`;
    const outer = indentAt(text, node.start);
    const inner = `${outer}  `;
    return `${text.slice(0, node.start)}{\n${inner}"${key}": ${render(value, inner)}\n${outer}}${text.slice(node.end)}`;
  }
  const separator = multiline ? `,\n${indentAt(text, last.keyStart)}` : ', ';
  const indent = multiline ? indentAt(text, last.keyStart) : '';
  const insertAt = last.value.end;
  return `${text.slice(0, insertAt)}${separator}${JSON.stringify(key)}: ${render(value, indent)}${text.slice(insertAt)}`;
}

/**
 * `text` with the value at `path` set to `value`: an existing value is replaced in place, a
 * missing key is added to its object (and missing objects on the way are created). The rest of
 * the text is untouched byte for byte.
 */
export function setJsonValue(text: string, path: readonly JsonKey[], value: unknown): string {
  const root = parseJsonText(text);
  let node = root;
  for (let i = 0; i < path.length; i++) {
    const key = path[i] as JsonKey;
    const next = child(node, key);
    if (next) {
      node = next;
      continue;
    }
    if (node.kind !== 'object' || typeof key !== 'string') {
      throw new Error(`Cannot set ${path.join('.')}: ${path.slice(0, i).join('.') || '$'} has no "${String(key)}".`);
    }
    const rest = path.slice(i + 1).reduceRight<unknown>((inner, k) => ({ [k]: inner }), value);
    return insertMember(text, node, key, rest);
  }
  return `${text.slice(0, node.start)}${render(value, indentAt(text, node.start))}${text.slice(node.end)}`;
}
