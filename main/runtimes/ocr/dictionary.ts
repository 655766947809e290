/**
 * The recognition charset. PaddleOCR's dictionary file lists one character per line; the model's
 * classes are [blank, ...those characters, " "] (the rec models are exported with
 * `use_space_char: true`, which appends the space class after the file's characters).
 */

/** Builds the class → text table from the dictionary file's contents. */
export function parseDictionary(contents: string): string[] {
  // Split on "\n" only and strip a trailing "\r": a character line may itself be a space-like symbol,
  // so no other trimming is safe.
  const lines = contents.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return ['', ...lines, ' '];
}
