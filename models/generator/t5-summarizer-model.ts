/**
 * `t5-summarizer`: a T5-shaped encoder-decoder (model_type "t5", T5ForConditionalGeneration)
 * whose hand-set weights implement a "lead sentence" summary: it copies the input up to and
 * including the first "." and then emits </s>.
 *
 * Files, as transformers.js 4.3.1 requests them for Seq2Seq models with dtype fp32
 * (MODEL_SESSION_CONFIG[Seq2Seq] in src/models/session_config.js):
 *   onnx/encoder_model.onnx         input_ids, attention_mask -> last_hidden_state
 *   onnx/decoder_model_merged.onnx  input_ids, encoder_attention_mask, encoder_hidden_states,
 *                                   past_key_values.0.decoder.{key,value}
 *                                   -> logits, present.0.decoder.{key,value}
 *
 * Encoder: each token becomes its ±1 binary code (bit b of the token id -> +1/-1), the
 * `shared` embedding. Codes of different ids differ in at least one bit, so code·code is largest
 * for the token itself (d) and at most d-2 for any other.
 *
 * Decoder: the self-attention KV cache holds the codes of the tokens decoded so far; its length
 * is the current position p. Cross-attention uses sinusoidal position features as query (p) and
 * keys (encoder positions i): q·k = Σ_k cos((p-i)·f_k) peaks sharply at i = p, so the step at
 * position p reads the code of input token p. Logits = context · sharedᵀ (tied embeddings, as in
 * T5), i.e. "copy input token p". A learned-looking but hand-set gate adds a large bonus to </s>
 * whenever the current decoder token is "." (or </s>), which ends the summary after the first sentence.
 * Decoding starts from <pad> at position 0, so step p emits input token p.
 */
import { GraphBuilder, intAttr, intsAttr, type Dim } from './onnx-builder.js';
import { jsonBytes, type ModelFolder } from './model-folder.js';
import { T5_SPECIALS, t5Tokenizer } from './tokenizer-json.js';
import { COMMON_WORDS, uniqueWords } from './english-words.js';

const MODEL_MAX_LENGTH = 512;
/** Cross-attention position frequencies (radians per position): geometric, 2.0 … 0.0075. */
export const POSITION_FREQUENCIES = Array.from({ length: 8 }, (_, k) => 2.0 * 0.45 ** k);
/** Attention sharpness: with the ≥1.8 score gap below, leakage per wrong position < 1e-7. */
const ATTENTION_SHARPNESS = 10;
/** Logit scale for copy logits: the copied token wins by 2·COPY_SCALE over any other. */
const COPY_SCALE = 5;
/**
 * Tokens after which the next step strongly prefers </s>: the sentence end, and </s> itself so a
 * finished row of a batch keeps emitting </s> (transformers.js stops a batch only when every
 * row's last token is EOS).
 */
const SENTENCE_END = ['.', '</s>'];

/** Words the summarizer's vocabulary knows as whole pieces (others are spelled by characters). */
const EXTRA_WORDS = [
  'tower',
  'metres',
  'meters',
  'tall',
  'tallest',
  'structure',
  'years',
  'built',
  'world',
  'paris',
  'city',
  'river',
  'bridge',
  'museum',
  'people',
  'million',
  'visitors',
  'famous',
  'largest',
  'summary',
  'text',
  'sentence',
  'report',
  'news',
  'company',
  'government',
  'said',
  'new',
];
const CAPITALIZED = ['The', 'It', 'This', 'A', 'An', 'In', 'He', 'She', 'They', 'We', 'I', 'Paris', 'Eiffel'];
const CHARACTERS = [...'abcdefghijklmnopqrstuvwxyz', ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ', ...'0123456789', ...'.,!?\'"-:;()%$&/'];

/** [piece, score] in id order. Whole words score far above characters so Viterbi keeps them whole. */
export function t5SummarizerPieces(): [string, number][] {
  const words = uniqueWords([...COMMON_WORDS, ...EXTRA_WORDS, ...CAPITALIZED]).map((w) => `▁${w}`);
  const pieces: [string, number][] = [
    ...T5_SPECIALS.map((t): [string, number] => [t, 0]),
    ['▁', -5],
    ...CHARACTERS.map((c): [string, number] => [c, -10]),
    ...words.map((w): [string, number] => [w, -1]),
  ];
  return pieces;
}

/** Number of bits needed to give every id a distinct ±1 code (= d_model). */
function codeBits(vocabSize: number): number {
  return Math.max(1, Math.ceil(Math.log2(vocabSize)));
}

/** shared.weight: row v = ±1 binary code of v. */
function sharedEmbedding(vocabSize: number, bits: number): Float32Array {
  const table = new Float32Array(vocabSize * bits);
  for (let v = 0; v < vocabSize; v++) {
    for (let b = 0; b < bits; b++) table[v * bits + b] = (v >> b) & 1 ? 1 : -1;
  }
  return table;
}

/** Smallest gap between the self score and any other position's score, for positions < maxLen. */
export function positionScoreGap(frequencies: readonly number[], maxLen: number): number {
  let gap = Infinity;
  for (let delta = 1; delta < maxLen; delta++) {
    const score = frequencies.reduce((sum, f) => sum + Math.cos(delta * f), 0);
    gap = Math.min(gap, frequencies.length - score);
  }
  return gap;
}

/** [n] int64 positions -> [n, 2K] float features [cos(p·f), sin(p·f)]. */
function positionFeatures(g: GraphBuilder, positions: string, frequencies: string): string {
  const p = g.op('Unsqueeze', [g.op('Cast', [positions], { to: intAttr(1) }), g.int64Const([1])]); // [n,1]
  const angles = g.op('Mul', [p, frequencies]); // [n,K]
  return g.op('Concat', [g.op('Cos', [angles]), g.op('Sin', [angles])], { axis: intAttr(1) });
}

function buildEncoder(vocabSize: number, bits: number): Uint8Array {
  const g = new GraphBuilder('t5_encoder');
  const dims: Dim[] = ['batch_size', 'encoder_sequence_length'];
  const inputIds = g.input('input_ids', 'int64', dims);
  const attentionMask = g.input('attention_mask', 'int64', dims);
  const shared = g.initializer('shared.weight', 'float32', [vocabSize, bits], sharedEmbedding(vocabSize, bits));
  const mask = g.op('Unsqueeze', [g.op('Cast', [attentionMask], { to: intAttr(1) }), g.int64Const([2])]);
  const hidden = g.op('Mul', [g.op('Gather', [shared, inputIds]), mask]);
  g.output('last_hidden_state', hidden, 'float32', ['batch_size', 'encoder_sequence_length', bits]);
  return g.build({ docString: 'Tiny T5 encoder: token -> ±1 binary code of its id (padding -> 0).' });
}

function buildDecoder(pieces: readonly string[], bits: number): Uint8Array {
  const vocabSize = pieces.length;
  const eos = pieces.indexOf('</s>');
  const g = new GraphBuilder('t5_decoder');
  const inputIds = g.input('input_ids', 'int64', ['batch_size', 'decoder_sequence_length']);
  const encMask = g.input('encoder_attention_mask', 'int64', ['batch_size', 'encoder_sequence_length']);
  const encHidden = g.input('encoder_hidden_states', 'float32', ['batch_size', 'encoder_sequence_length', bits]);
  const cacheDims: Dim[] = ['batch_size', 1, 'past_decoder_sequence_length', bits];
  const pastKey = g.input('past_key_values.0.decoder.key', 'float32', cacheDims);
  const pastValue = g.input('past_key_values.0.decoder.value', 'float32', cacheDims);

  const shared = g.initializer('shared.weight', 'float32', [vocabSize, bits], sharedEmbedding(vocabSize, bits));
  const frequencies = g.initializer(
    'cross_attention.position_frequencies',
    'float32',
    [POSITION_FREQUENCIES.length],
    Float32Array.from(POSITION_FREQUENCIES),
  );

  // Self-attention cache: append the codes of this step's tokens; the cache length is the position.
  const tokens = g.op('Unsqueeze', [g.op('Gather', [shared, inputIds]), g.int64Const([1])]); // [B,1,T,d]
  const presentKey = g.op('Concat', [pastKey, tokens], { axis: intAttr(2) });
  const presentValue = g.op('Concat', [pastValue, tokens], { axis: intAttr(2) });
  g.output('present.0.decoder.key', presentKey, 'float32', ['batch_size', 1, 'present_decoder_sequence_length', bits]);
  g.output('present.0.decoder.value', presentValue, 'float32', ['batch_size', 1, 'present_decoder_sequence_length', bits]);

  // Decoder positions p = past_len … past_len + T - 1; encoder positions i = 0 … S - 1.
  const dim = (tensor: string, axis: number): string =>
    g.op('Squeeze', [g.op('Slice', [g.op('Shape', [tensor]), g.int64Const([axis]), g.int64Const([axis + 1])]), g.int64Const([0])]);
  const pastLen = dim(pastKey, 2);
  const totalLen = dim(presentKey, 2);
  const decPositions = g.op('Range', [pastLen, totalLen, g.int64Const([1], [])]);
  const encPositions = g.op('Range', [g.int64Const([0], []), dim(encHidden, 1), g.int64Const([1], [])]);
  const query = positionFeatures(g, decPositions, frequencies); // [T,2K]
  const key = positionFeatures(g, encPositions, frequencies); // [S,2K]
  const scores = g.op('Mul', [
    g.op('MatMul', [query, g.op('Transpose', [key], { perm: intsAttr([1, 0]) })]),
    g.floatConst([ATTENTION_SHARPNESS]),
  ]); // [T,S]
  // Padding in the encoder input is never attended: -1e4 on masked positions.
  const maskF = g.op('Cast', [encMask], { to: intAttr(1) });
  const maskBias = g.op('Unsqueeze', [g.op('Mul', [g.op('Sub', [g.floatConst([1]), maskF]), g.floatConst([-1e4])]), g.int64Const([1])]); // [B,1,S]
  const weights = g.op('Softmax', [g.op('Add', [scores, maskBias])], { axis: intAttr(-1) }); // [B,T,S]
  const context = g.op('MatMul', [weights, encHidden]); // [B,T,d]

  // Tied LM head: logits = scale · context · sharedᵀ.
  const copyLogits = g.op('Mul', [
    g.op('MatMul', [context, g.op('Transpose', [shared], { perm: intsAttr([1, 0]) })]),
    g.floatConst([COPY_SCALE]),
  ]);
  // Sentence-end gate: current token "." or </s> -> big bonus on </s>.
  const gate = new Float32Array(vocabSize);
  for (const t of SENTENCE_END) gate[pieces.indexOf(t)] = 1;
  const eosBonus = new Float32Array(vocabSize);
  eosBonus[eos] = 4 * COPY_SCALE * bits;
  const gateName = g.initializer('lm_head.sentence_end_gate', 'float32', [vocabSize, 1], gate);
  const bonusName = g.initializer('lm_head.eos_bonus', 'float32', [1, vocabSize], eosBonus);
  const stopLogits = g.op('MatMul', [g.op('Gather', [gateName, inputIds]), bonusName]); // [B,T,V]
  g.output('logits', g.op('Add', [copyLogits, stopLogits]), 'float32', ['batch_size', 'decoder_sequence_length', vocabSize]);
  return g.build({ docString: 'Tiny T5 decoder: copies input token at the current position; "." -> </s>.' });
}

export function buildT5SummarizerModel(): ModelFolder {
  const gap = positionScoreGap(POSITION_FREQUENCIES, MODEL_MAX_LENGTH);
  if (gap * ATTENTION_SHARPNESS < 15) throw new Error(`position attention not sharp enough (gap ${gap})`);
  const scoredPieces = t5SummarizerPieces();
  const pieces = scoredPieces.map(([p]) => p);
  const bits = codeBits(pieces.length);
  const { tokenizerJson, tokenizerConfig } = t5Tokenizer(scoredPieces, MODEL_MAX_LENGTH);
  const config = {
    architectures: ['T5ForConditionalGeneration'],
    model_type: 't5',
    vocab_size: pieces.length,
    d_model: bits,
    d_kv: bits,
    d_ff: bits,
    num_layers: 1,
    num_decoder_layers: 1,
    num_heads: 1,
    is_encoder_decoder: true,
    tie_word_embeddings: true,
    use_cache: true,
    n_positions: MODEL_MAX_LENGTH,
    pad_token_id: 0,
    eos_token_id: 1,
    decoder_start_token_id: 0,
  };
  const generationConfig = { decoder_start_token_id: 0, eos_token_id: 1, pad_token_id: 0, max_length: MODEL_MAX_LENGTH };
  return new Map([
    ['config.json', jsonBytes(config)],
    ['generation_config.json', jsonBytes(generationConfig)],
    ['tokenizer.json', jsonBytes(tokenizerJson)],
    ['tokenizer_config.json', jsonBytes(tokenizerConfig)],
    ['onnx/encoder_model.onnx', buildEncoder(pieces.length, bits)],
    ['onnx/decoder_model_merged.onnx', buildDecoder(pieces, bits)],
  ]);
}
