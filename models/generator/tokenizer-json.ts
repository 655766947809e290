/**
 * Writers for `tokenizer.json` + `tokenizer_config.json` in the Hugging Face `tokenizers`
 * format, which transformers.js 4.x parses with @huggingface/tokenizers. Three families:
 *
 * - WordPiece (BERT): lower-casing BertNormalizer, `[CLS] A [SEP]` template.
 * - Byte-level BPE (GPT-2): the 256 byte symbols plus whole-word tokens, `ignore_merges: true`
 *   and no merges. Known words become one token; anything else falls back to one token per byte,
 *   so every string still round-trips (a word-level vocabulary with GPT-2's exact pre-tokenizer
 *   and decoder, without thousands of merge rules).
 * - Unigram (T5): SentencePiece-style `▁word` pieces, `A </s>` template.
 */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface TokenizerFiles {
  tokenizerJson: Json;
  tokenizerConfig: Json;
}

interface SpecialToken {
  id: number;
  content: string;
}

function addedTokens(specials: readonly SpecialToken[]): Json[] {
  return specials.map((t) => ({
    id: t.id,
    content: t.content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  }));
}

function vocabObject(vocab: readonly string[]): { [token: string]: Json } {
  const out: { [token: string]: Json } = {};
  vocab.forEach((token, id) => {
    if (Object.hasOwn(out, token)) throw new Error(`duplicate vocab entry: ${JSON.stringify(token)}`);
    out[token] = id;
  });
  return out;
}

function idOf(vocab: readonly string[], token: string): number {
  const id = vocab.indexOf(token);
  if (id < 0) throw new Error(`token ${token} missing from vocab`);
  return id;
}

/** BERT special tokens, in the order they must appear at the start of the vocabulary. */
export const BERT_SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

export interface BertTokenizerOptions {
  /** Uncased (default) lower-cases input; cased models (NER) keep "Sarah" distinct from "sarah". */
  lowercase?: boolean;
  modelMaxLength?: number;
}

/** A BERT WordPiece tokenizer. `vocab` must start with BERT_SPECIALS. */
export function bertTokenizer(
  vocab: readonly string[],
  { lowercase = true, modelMaxLength = 512 }: BertTokenizerOptions = {},
): TokenizerFiles {
  BERT_SPECIALS.forEach((t, i) => {
    if (vocab[i] !== t) throw new Error(`vocab[${i}] must be ${t}`);
  });
  const cls = idOf(vocab, '[CLS]');
  const sep = idOf(vocab, '[SEP]');
  const tokenizerJson: Json = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: addedTokens(BERT_SPECIALS.map((content, id) => ({ id, content }))),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [cls], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [sep], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: vocabObject(vocab),
    },
  };
  const tokenizerConfig: Json = {
    clean_up_tokenization_spaces: true,
    cls_token: '[CLS]',
    do_lower_case: lowercase,
    mask_token: '[MASK]',
    model_max_length: modelMaxLength,
    pad_token: '[PAD]',
    sep_token: '[SEP]',
    strip_accents: null,
    tokenize_chinese_chars: true,
    tokenizer_class: 'BertTokenizer',
    unk_token: '[UNK]',
  };
  return { tokenizerJson, tokenizerConfig };
}

/**
 * GPT-2's reversible byte -> printable-character table (`bytes_to_unicode` in the original
 * encoder.py). A space becomes "Ġ", so " there" is the token "Ġthere". Entries are in GPT-2's
 * vocab.json order: printable bytes first, then the remapped control/space bytes.
 */
function buildByteTable(): { bytes: number[]; symbols: string[] } {
  const bytes: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) bytes.push(b);
  for (let b = 0xa1; b <= 0xac; b++) bytes.push(b);
  for (let b = 0xae; b <= 0xff; b++) bytes.push(b);
  const codePoints = [...bytes];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bytes.includes(b)) {
      bytes.push(b);
      codePoints.push(256 + n);
      n += 1;
    }
  }
  return { bytes, symbols: codePoints.map((c) => String.fromCodePoint(c)) };
}

const BYTE_TABLE = buildByteTable();

/** The 256 byte symbols in GPT-2 id order. */
export function gpt2ByteSymbols(): string[] {
  return [...BYTE_TABLE.symbols];
}

/** Converts text (e.g. " there") into its byte-level token string ("Ġthere"). */
export function gpt2Token(text: string): string {
  return [...new TextEncoder().encode(text)]
    .map((byte) => {
      const symbol = BYTE_TABLE.symbols[BYTE_TABLE.bytes.indexOf(byte)];
      if (symbol === undefined) throw new Error('unreachable: byte table incomplete');
      return symbol;
    })
    .join('');
}

export const GPT2_EOS = '<|endoftext|>';

/**
 * A GPT-2 byte-level tokenizer. `vocab` is the full id -> token table (byte symbols, words,
 * and GPT2_EOS last, as in GPT-2 itself).
 */
export function gpt2Tokenizer(vocab: readonly string[], modelMaxLength: number): TokenizerFiles {
  const eos = idOf(vocab, GPT2_EOS);
  const tokenizerJson: Json = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: addedTokens([{ id: eos, content: GPT2_EOS }]),
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      // Whole words are vocabulary entries; without merges BPE would spell them out byte by byte.
      ignore_merges: true,
      vocab: vocabObject(vocab),
      merges: [],
    },
  };
  const tokenizerConfig: Json = {
    add_bos_token: false,
    add_prefix_space: false,
    bos_token: GPT2_EOS,
    clean_up_tokenization_spaces: false,
    eos_token: GPT2_EOS,
    model_max_length: modelMaxLength,
    // GPT-2 has no pad token; reusing EOS (left padding) is what batched generation expects.
    pad_token: GPT2_EOS,
    tokenizer_class: 'GPT2Tokenizer',
    unk_token: GPT2_EOS,
  };
  return { tokenizerJson, tokenizerConfig };
}

/** T5 special tokens at the start of the vocabulary, as in t5-small. */
export const T5_SPECIALS = ['<pad>', '</s>', '<unk>'] as const;

/**
 * A T5 SentencePiece-Unigram tokenizer. `pieces` are [piece, log-prob score] in id order and
 * must start with T5_SPECIALS; a higher score makes the Viterbi segmentation prefer that piece.
 */
export function t5Tokenizer(pieces: ReadonlyArray<readonly [string, number]>, modelMaxLength: number): TokenizerFiles {
  T5_SPECIALS.forEach((t, i) => {
    if (pieces[i]?.[0] !== t) throw new Error(`piece ${i} must be ${t}`);
  });
  const vocab = pieces.map(([p]) => p);
  vocabObject(vocab); // duplicate check
  const eos = idOf(vocab, '</s>');
  const metaspace = { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true };
  const tokenizerJson: Json = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: addedTokens(T5_SPECIALS.map((content, id) => ({ id, content }))),
    normalizer: {
      type: 'Sequence',
      normalizers: [{ type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' }],
    },
    pre_tokenizer: metaspace,
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
      pair: [
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '</s>', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 0 } },
        { SpecialToken: { id: '</s>', type_id: 0 } },
      ],
      special_tokens: { '</s>': { id: '</s>', ids: [eos], tokens: ['</s>'] } },
    },
    decoder: metaspace,
    model: {
      type: 'Unigram',
      unk_id: idOf(vocab, '<unk>'),
      vocab: pieces.map(([p, s]) => [p, s]),
      byte_fallback: false,
    },
  };
  const tokenizerConfig: Json = {
    clean_up_tokenization_spaces: true,
    eos_token: '</s>',
    extra_ids: 0,
    model_max_length: modelMaxLength,
    pad_token: '<pad>',
    tokenizer_class: 'T5Tokenizer',
    unk_token: '<unk>',
  };
  return { tokenizerJson, tokenizerConfig };
}
