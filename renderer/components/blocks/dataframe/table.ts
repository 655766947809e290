/** Dataframe values: rows of cells, or Gradio's {headers, data} payload. */

export interface Table {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

function stringList(value: unknown): string[] | null {
  return Array.isArray(value) ? value.map((h) => String(h)) : null;
}

export function parseTable(value: unknown, propHeaders: unknown): Table {
  let rows: unknown[] = [];
  let headers = stringList(propHeaders);
  if (Array.isArray(value)) rows = value;
  else if (typeof value === 'object' && value !== null) {
    const { data, headers: own } = value as { data?: unknown; headers?: unknown };
    if (Array.isArray(data)) rows = data;
    headers = stringList(own) ?? headers;
  }
  const cells = rows.map((row): unknown[] => (Array.isArray(row) ? (row as unknown[]) : [row]));
  const width = Math.max(headers?.length ?? 0, ...cells.map((r) => r.length));
  const fullHeaders = Array.from({ length: width }, (_, i) => headers?.[i] ?? String(i + 1));
  return { headers: fullHeaders, rows: cells };
}
