/**
 * `asr`: a wav2vec2-shaped CTC speech recogniser (model_type "wav2vec2", Wav2Vec2ForCTC) for a
 * synthetic "tone alphabet": every character is a pure sine tone at its own frequency, and
 * silence is the CTC blank. `synthesizeTones()` renders text into such audio, so tests and demos
 * can do a real audio -> text round trip offline.
 *
 * Graph (20 ms frames of 320 samples at 16 kHz, the stride of real wav2vec2):
 *   bank   = Conv1d(input_values, kernel 320, stride 320)   [B,2K,F]  cos/sin filter per symbol
 *   amp_k  = sqrt(cos_k² + sin_k²)                          [B,K,F]   tone amplitude per symbol
 *   logits = [BLANK_LOGIT, -∞…, AMP_SCALE·amp_k …]           [B,F,V]
 * Symbol frequencies are multiples of 50 Hz, i.e. a whole number of cycles per frame, so the
 * filters are orthogonal and a tone only lights up its own symbol. Silence (amplitude ≈ 0) loses
 * to the constant blank logit; CTC decoding then collapses repeats and drops blanks, which is why
 * the synthesiser leaves a short silence between characters (so "LL" stays two letters).
 */
import { GraphBuilder, intAttr, intsAttr } from './onnx-builder.js';
import { jsonBytes, type ModelFolder } from './model-folder.js';
import type { Json } from './tokenizer-json.js';

export const SAMPLE_RATE = 16000;
/** Samples per output frame (wav2vec2's total conv stride). */
export const FRAME = 320;
/** Symbols that have a tone; "|" is the word delimiter, as in wav2vec2's English vocab. */
export const TONE_SYMBOLS = ['|', ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ', "'"] as const;
const SPECIALS = ['<pad>', '<s>', '</s>', '<unk>'] as const;
const BASE_HZ = 400;
const STEP_HZ = 100;
/** Amplitude (after the extractor's zero-mean/unit-variance normalisation) where a tone beats blank. */
const BLANK_LOGIT = 5;
const AMP_SCALE = 10;

export function toneFrequency(symbol: string): number {
  const k = TONE_SYMBOLS.indexOf(symbol);
  if (k < 0) throw new Error(`no tone for ${JSON.stringify(symbol)}`);
  return BASE_HZ + STEP_HZ * k;
}

/**
 * Renders text as tone-alphabet audio at 16 kHz: per character 100 ms of its tone then 40 ms of
 * silence (7 frames, frame-aligned). Letters are upper-cased; spaces become "|".
 */
export function synthesizeTones(text: string, { toneMs = 100, gapMs = 40, amplitude = 0.5 } = {}): Float32Array {
  const symbols = [...text.toUpperCase()].map((c) => (c === ' ' ? '|' : c));
  const toneLen = Math.round((SAMPLE_RATE * toneMs) / 1000);
  const slotLen = toneLen + Math.round((SAMPLE_RATE * gapMs) / 1000);
  const audio = new Float32Array(slotLen * symbols.length + slotLen);
  symbols.forEach((symbol, i) => {
    const f = toneFrequency(symbol);
    for (let n = 0; n < toneLen; n++) {
      audio[i * slotLen + n] = amplitude * Math.sin((2 * Math.PI * f * n) / SAMPLE_RATE);
    }
  });
  return audio;
}

function filterBank(): Float32Array {
  // Conv weight [out = 2K, in = 1, kernel = FRAME]: rows 0..K-1 cosine, K..2K-1 sine. The 2/FRAME
  // factor makes sqrt(cos² + sin²) equal the tone's amplitude.
  const k = TONE_SYMBOLS.length;
  const w = new Float32Array(2 * k * FRAME);
  TONE_SYMBOLS.forEach((symbol, i) => {
    const f = toneFrequency(symbol);
    for (let n = 0; n < FRAME; n++) {
      const phase = (2 * Math.PI * f * n) / SAMPLE_RATE;
      w[i * FRAME + n] = (2 / FRAME) * Math.cos(phase);
      w[(k + i) * FRAME + n] = (2 / FRAME) * Math.sin(phase);
    }
  });
  return w;
}

function buildGraph(vocabSize: number): Uint8Array {
  const k = TONE_SYMBOLS.length;
  const g = new GraphBuilder('tiny_tone_asr');
  const audio = g.input('input_values', 'float32', ['batch_size', 'sequence_length']);
  const x = g.op('Unsqueeze', [audio, g.int64Const([1])]); // [B,1,T]
  const bankWeight = g.initializer('wav2vec2.feature_extractor.conv.weight', 'float32', [2 * k, 1, FRAME], filterBank());
  const bank = g.op('Conv', [x, bankWeight], { kernel_shape: intsAttr([FRAME]), strides: intsAttr([FRAME]) }); // [B,2K,F]
  const squared = g.op('Mul', [bank, bank]);
  const [cos2, sin2] = g.opN('Split', [squared, g.int64Const([k, k])], 2, { axis: intAttr(1) });
  if (cos2 === undefined || sin2 === undefined) throw new Error('unreachable');
  const amplitude = g.op('Sqrt', [g.op('Add', [cos2, sin2])]); // [B,K,F]
  const toneLogits = g.op('Transpose', [g.op('Mul', [amplitude, g.floatConst([AMP_SCALE])])], { perm: intsAttr([0, 2, 1]) }); // [B,F,K]

  // Special-token columns: <pad> (the CTC blank) gets a constant, <s> </s> <unk> never win.
  const specialLogits = Float32Array.from([BLANK_LOGIT, -100, -100, -100]);
  const shape = g.op('Shape', [toneLogits]);
  const bf = g.op('Slice', [shape, g.int64Const([0]), g.int64Const([2])]);
  const specialShape = g.op('Concat', [bf, g.int64Const([SPECIALS.length])], { axis: intAttr(0) });
  const specials = g.op('Expand', [g.initializer('lm_head.special_logits', 'float32', [SPECIALS.length], specialLogits), specialShape]);
  const logits = g.op('Concat', [specials, toneLogits], { axis: intAttr(2) });
  g.output('logits', logits, 'float32', ['batch_size', 'frames', vocabSize]);
  return g.build({ docString: 'Tiny tone-alphabet CTC recogniser: sine filter bank per 20 ms frame -> characters.' });
}

export function buildAsrModel(): ModelFolder {
  const vocab = [...SPECIALS, ...TONE_SYMBOLS];
  const vocabObject: { [token: string]: Json } = Object.fromEntries(vocab.map((t, i) => [t, i]));
  const tokenizerJson: Json = {
    version: '1.0',
    truncation: null,
    padding: null,
    // <pad> is deliberately not an added special token: transformers.js removes special tokens
    // before the CTC decoder groups repeats, which would merge the two L's of "HELLO".
    added_tokens: (['<s>', '</s>', '<unk>'] as const).map((content) => ({
      id: vocab.indexOf(content),
      content,
      single_word: false,
      lstrip: true,
      rstrip: true,
      normalized: false,
      special: true,
    })),
    normalizer: null,
    pre_tokenizer: null,
    post_processor: null,
    decoder: { type: 'CTC', pad_token: '<pad>', word_delimiter_token: '|', cleanup: true },
    model: { vocab: vocabObject },
  };
  const tokenizerConfig: Json = {
    bos_token: '<s>',
    do_lower_case: false,
    eos_token: '</s>',
    pad_token: '<pad>',
    tokenizer_class: 'Wav2Vec2CTCTokenizer',
    unk_token: '<unk>',
    word_delimiter_token: '|',
  };
  const config = {
    architectures: ['Wav2Vec2ForCTC'],
    model_type: 'wav2vec2',
    vocab_size: vocab.length,
    hidden_size: 2 * TONE_SYMBOLS.length,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    conv_dim: [2 * TONE_SYMBOLS.length],
    conv_kernel: [FRAME],
    conv_stride: [FRAME],
    pad_token_id: 0,
    bos_token_id: 1,
    eos_token_id: 2,
    ctc_loss_reduction: 'sum',
  };
  const preprocessor = {
    do_normalize: true,
    feature_extractor_type: 'Wav2Vec2FeatureExtractor',
    feature_size: 1,
    padding_side: 'right',
    padding_value: 0,
    processor_class: 'Wav2Vec2Processor',
    return_attention_mask: false,
    sampling_rate: SAMPLE_RATE,
  };
  return new Map([
    ['config.json', jsonBytes(config)],
    ['preprocessor_config.json', jsonBytes(preprocessor)],
    ['tokenizer.json', jsonBytes(tokenizerJson)],
    ['tokenizer_config.json', jsonBytes(tokenizerConfig)],
    ['onnx/model.onnx', buildGraph(vocab.length)],
  ]);
}
