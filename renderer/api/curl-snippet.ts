import type { ApiEndpoint } from './info.js';
import { filePaths, isFileParameter, wireValue } from './file-values.js';

/**
 * The curl snippet: POST /call, read the event id, stream the result (doc §1.13), with an upload
 * step first when a parameter is a file. Written for bash and zsh (and any POSIX shell).
 *
 * Every step shows the server's answer when it fails. Gradio's `| awk -F'"' '{ print $4 }'`
 * takes the 4th quoted field of whatever comes back, so a refused call (a 400 saying "… is not an
 * uploaded file. Upload it first …") turned into a nonsense event id and the helpful message was
 * lost; here the id is taken only from an `event_id` field, and the whole answer is printed when
 * there is none.
 */

/** `'...'` for a POSIX shell: nothing inside is special; a `'` is written `'\\''`. */
export function singleQuoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The text as one shell word: as it is when plainly safe, else single-quoted. */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9_\-.,:/@%+=~]+$/.test(text) ? text : singleQuoted(text);
}

/** Marks where a shell variable goes inside the JSON body (JSON.stringify writes it as `\u0000…`). */
const HOLE = '\u0000';

/**
 * One upload per local file: `FILE_n` holds the server's path as JSON string content (escapes
 * kept), taken from the `["…"]` the upload answers; on failure the answer is printed.
 */
function uploadLines(paths: readonly string[], baseUrl: string): string[] {
  const uploadUrl = shellQuote(`${baseUrl}gradio_api/upload`);
  return [
    paths.length > 1
      ? '# Upload the files first: the server answers with the path it stored each one under.'
      : '# Upload the file first: the server answers with the path it stored it under.',
    ...paths.flatMap((path, i) => [
      `UPLOAD=$(curl -sS -F ${shellQuote(`files=@${path}`)} ${uploadUrl})`,
      `FILE_${i + 1}=$(printf '%s' "$UPLOAD" | sed -n 's/^\\["\\(.*\\)"]$/\\1/p')`,
      `[ -n "$FILE_${i + 1}" ] || printf 'Upload failed: %s\\n' "\${UPLOAD:-see the curl error above}" >&2`,
    ]),
    '',
  ];
}

/** The curl snippet for `endpoint` at `baseUrl` (ends with "/"), sending `examples` (one per parameter). */
export function curlSnippet(endpoint: ApiEndpoint, baseUrl: string, examples: readonly unknown[]): string {
  const callUrl = `${baseUrl}gradio_api/call/${endpoint.apiName}`;
  const paths = [...new Set(endpoint.parameters.flatMap((p, i) => filePaths(examples[i], isFileParameter(p))))];
  const serverPath = (local: string): string => `${HOLE}FILE_${paths.indexOf(local) + 1}${HOLE}`;
  const data = endpoint.parameters.map((p, i) => JSON.stringify(wireValue(examples[i], isFileParameter(p), serverPath)));
  // Each hole becomes `'"$FILE_n"'`: out of the single quotes, the variable, back in.
  const body = singleQuoted(`{"data": [${data.join(', ')}]}`).replace(/\\u0000(FILE_\d+)\\u0000/g, `'"$$$1"'`);
  return [
    ...(paths.length > 0 ? uploadLines(paths, baseUrl) : []),
    `RESPONSE=$(curl -sS -X POST ${shellQuote(callUrl)} \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d ${body})`,
    `EVENT_ID=$(printf '%s' "$RESPONSE" | sed -n 's/.*"event_id": *"\\([^"]*\\)".*/\\1/p')`,
    `if [ -n "$EVENT_ID" ]; then`,
    `  curl -sS -N ${shellQuote(`${callUrl}/`)}$EVENT_ID`,
    'else',
    `  printf 'The call failed: %s\\n' "$RESPONSE" >&2`,
    'fi',
    '',
  ].join('\n');
}
