/**
 * A strict little parser of Prometheus text exposition format 0.0.4, for tests: every line is a
 * `# HELP`, a `# TYPE`, or `name{labels} value`; label values use only the format's escapes; each
 * sample belongs to a family whose TYPE came before it. Throws on the first line that does not fit.
 */

export interface PromSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface PromFamily {
  readonly type: string;
  readonly help: string;
}

export interface PromText {
  readonly families: ReadonlyMap<string, PromFamily>;
  readonly samples: readonly PromSample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL_VALUE = '"(?:[^"\\\\\\n]|\\\\[\\\\"n])*"';
const LABEL = `[a-zA-Z_][a-zA-Z0-9_]*=${LABEL_VALUE}`;
const VALUE = '(?:[+-]?(?:\\d+\\.?\\d*(?:[eE][+-]?\\d+)?|\\.\\d+(?:[eE][+-]?\\d+)?)|NaN|[+-]Inf)';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{((?:${LABEL})(?:,${LABEL})*,?)?\\})? (${VALUE})(?: -?\\d+)?$`);
const HELP = new RegExp(`^# HELP (${NAME}) (.*)$`);
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|summary|histogram|untyped)$`);
const SUFFIXES = { summary: ['', '_sum', '_count'], histogram: ['_bucket', '_sum', '_count'] } as const;

function unescape(value: string): string {
  return value.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

function parseLabels(text: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const match of (text ?? '').matchAll(new RegExp(`([a-zA-Z_][a-zA-Z0-9_]*)=(${LABEL_VALUE})`, 'g'))) {
    const [, key, quoted] = match as unknown as [string, string, string];
    if (key in labels) throw new Error(`duplicate label ${key}`);
    labels[key] = unescape(quoted.slice(1, -1));
  }
  return labels;
}

function familyOf(name: string, families: Map<string, { type: string; help: string }>): string | undefined {
  if (families.has(name)) return name;
  for (const [family, info] of families) {
    const suffixes: readonly string[] = info.type === 'summary' || info.type === 'histogram' ? SUFFIXES[info.type] : [];
    if (suffixes.some((suffix) => suffix !== '' && name === `${family}${suffix}`)) return family;
  }
  return undefined;
}

export function parsePrometheusText(text: string): PromText {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a line feed');
  const families = new Map<string, { type: string; help: string }>();
  const samples: PromSample[] = [];
  text
    .slice(0, -1)
    .split('\n')
    .forEach((line, i) => {
      const where = `line ${i + 1}: ${JSON.stringify(line)}`;
      const help = HELP.exec(line);
      const type = TYPE.exec(line);
      if (help) {
        const [, name, doc] = help as unknown as [string, string, string];
        const family = families.get(name) ?? { type: 'untyped', help: '' };
        if (family.help !== '') throw new Error(`second HELP, ${where}`);
        families.set(name, { ...family, help: doc });
      } else if (type) {
        const [, name, kind] = type as unknown as [string, string, string];
        if (samples.some((s) => familyOf(s.name, families) === name)) throw new Error(`TYPE after samples, ${where}`);
        families.set(name, { help: families.get(name)?.help ?? '', type: kind });
      } else if (line.startsWith('#')) {
        // Other comments are allowed and ignored.
      } else {
        const sample = SAMPLE.exec(line);
        if (!sample) throw new Error(`not "name{labels} value", ${where}`);
        const [, name, labels, value] = sample as unknown as [string, string, string | undefined, string];
        if (familyOf(name, families) === undefined) throw new Error(`sample without a TYPE, ${where}`);
        samples.push({ name, labels: parseLabels(labels), value: Number(value.replace('Inf', 'Infinity')) });
      }
    });
  return { families, samples };
}

/** The value of the one sample named `name` whose labels include `labels`. */
export function sampleValue(parsed: PromText, name: string, labels: Record<string, string> = {}): number | undefined {
  const found = parsed.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${found.length} samples match ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value;
}
