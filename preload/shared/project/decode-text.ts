/**
 * project.json bytes → text. The file must be UTF-8 (RFC 8259 requires it for JSON shared between
 * systems); a byte-order mark, which Windows editors like to write, is accepted and dropped. Bytes
 * that are not UTF-8 are refused with their offset rather than silently turned into U+FFFD, which
 * would change names and strings without anyone noticing.
 */

export interface DecodedText {
  readonly text: string;
}

export interface InvalidUtf8 {
  /** Offset of the first byte of the first ill-formed sequence. */
  readonly offset: number;
  readonly byte: number;
  /** 1-based line of that byte. */
  readonly line: number;
}

/** The decoded text, or where the first invalid UTF-8 sequence starts. */
export function decodeUtf8(bytes: Uint8Array): DecodedText | InvalidUtf8 {
  try {
    // ignoreBOM false (the default) drops a leading byte-order mark.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8(bytes) ?? 0;
    let line = 1;
    for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
    return { offset, byte: bytes[offset] ?? 0, line };
  }
}

/** [lowest, highest] allowed second byte and the number of continuation bytes, by lead byte. */
function sequenceOf(lead: number): { readonly length: number; readonly low: number; readonly high: number } | undefined {
  if (lead >= 0xc2 && lead <= 0xdf) return { length: 1, low: 0x80, high: 0xbf };
  if (lead === 0xe0) return { length: 2, low: 0xa0, high: 0xbf }; // no overlong forms
  if (lead === 0xed) return { length: 2, low: 0x80, high: 0x9f }; // no UTF-16 surrogates
  if (lead >= 0xe1 && lead <= 0xef) return { length: 2, low: 0x80, high: 0xbf };
  if (lead === 0xf0) return { length: 3, low: 0x90, high: 0xbf }; // no overlong forms
  if (lead === 0xf4) return { length: 3, low: 0x80, high: 0x8f }; // nothing past U+10FFFF
  if (lead >= 0xf1 && lead <= 0xf3) return { length: 3, low: 0x80, high: 0xbf };
  return undefined;
}

/** Offset of the first byte that starts an ill-formed sequence (Unicode 15, table 3-7), or undefined. */
export function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const sequence = sequenceOf(lead);
    if (!sequence) return i;
    const second = bytes[i + 1];
    if (second === undefined || second < sequence.low || second > sequence.high) return i;
    for (let k = 2; k <= sequence.length; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < 0x80 || next > 0xbf) return i;
    }
    i += sequence.length + 1;
  }
  return undefined;
}
