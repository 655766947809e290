/**
 * `sentiment`: a BERT-shaped text classifier (model_type "bert", BertForSequenceClassification)
 * whose weights are a hand-written sentiment lexicon.
 *
 * Graph (all weights hand-set):
 *   emb      = word_embeddings[input_ids] + token_type_embeddings[token_type_ids]   [B,S,2]
 *              channel 0 = polarity (+2 strong positive … -2 strong negative), channel 1 = negator
 *   negated  = max(negator[t-3..t-1])        (zero-padded MaxPool over the previous 3 tokens)
 *   polarity = polarity * (1 - 2*negated)    ("not good" flips good, "don't like" flips like)
 *   score    = sum(polarity * mask) / sum(mask)                                     [B]
 *   logits   = score ⊗ classifier.weight + classifier.bias                          [B,2]
 * With weight [-4, +4], a sentence whose average polarity is +0.5 gets P(POSITIVE) ≈ 0.98.
 */
import { GraphBuilder, intAttr } from './onnx-builder.js';
import { COMMON_WORDS, PUNCTUATION, SUFFIX_PIECES, uniqueWords } from './english-words.js';
import { BERT_SPECIALS, bertTokenizer } from './tokenizer-json.js';
import { jsonBytes, type ModelFolder } from './model-folder.js';

/** Positive words: 2 = strong, 1 = mild. */
const POSITIVE: Readonly<Record<string, number>> = {
  love: 2,
  loved: 2,
  loves: 2,
  great: 2,
  wonderful: 2,
  delightful: 2,
  excellent: 2,
  amazing: 2,
  awesome: 2,
  fantastic: 2,
  brilliant: 2,
  superb: 2,
  perfect: 2,
  beautiful: 2,
  best: 2,
  masterpiece: 2,
  outstanding: 2,
  incredible: 2,
  magnificent: 2,
  adore: 2,
  happy: 2,
  good: 1,
  nice: 1,
  fine: 1,
  enjoy: 1,
  enjoyed: 1,
  fun: 1,
  funny: 1,
  pleasant: 1,
  charming: 1,
  lovely: 1,
  cool: 1,
  fresh: 1,
  friendly: 1,
  helpful: 1,
  recommend: 1,
  glad: 1,
  better: 1,
  interesting: 1,
  clean: 1,
  tasty: 1,
  exciting: 1,
  thanks: 1,
  thank: 1,
  well: 1,
  like: 1,
  liked: 1,
};

/** Negative words: -2 = strong, -1 = mild. */
const NEGATIVE: Readonly<Record<string, number>> = {
  hate: -2,
  hated: -2,
  hates: -2,
  terrible: -2,
  awful: -2,
  horrible: -2,
  worst: -2,
  disgusting: -2,
  dreadful: -2,
  garbage: -2,
  useless: -2,
  pathetic: -2,
  disaster: -2,
  painful: -2,
  angry: -2,
  sad: -2,
  broken: -2,
  rude: -2,
  waste: -2,
  bad: -1,
  boring: -1,
  dull: -1,
  poor: -1,
  slow: -1,
  worse: -1,
  mediocre: -1,
  annoying: -1,
  disappointing: -1,
  disappointed: -1,
  weak: -1,
  bland: -1,
  messy: -1,
  dirty: -1,
  expensive: -1,
  cold: -1,
  wrong: -1,
  problem: -1,
  fail: -1,
  failed: -1,
  mess: -1,
  meh: -1,
  overrated: -1,
};

/** Tokens that flip the polarity of the next three tokens. "t" is the tail of every n't. */
const NEGATORS: readonly string[] = ['not', 'no', 'never', 'nothing', 'hardly', 'cannot', 'nor', 't'];

/** Classifier slope: logit(POSITIVE) - logit(NEGATIVE) = 2 * SLOPE * mean polarity. */
const SLOPE = 4;
/** How many following tokens a negator reaches ("didn ' t really like" needs 3). */
const NEGATION_WINDOW = 3;

export function sentimentVocab(): string[] {
  return uniqueWords([
    ...BERT_SPECIALS,
    ...PUNCTUATION,
    ...COMMON_WORDS,
    ...NEGATORS,
    ...Object.keys(POSITIVE),
    ...Object.keys(NEGATIVE),
    ...SUFFIX_PIECES,
  ]);
}

function buildGraph(vocab: readonly string[]): Uint8Array {
  const g = new GraphBuilder('tiny_sentiment');
  const dims = ['batch_size', 'sequence_length'];
  const inputIds = g.input('input_ids', 'int64', dims);
  const attentionMask = g.input('attention_mask', 'int64', dims);
  const tokenTypeIds = g.input('token_type_ids', 'int64', dims);

  // Word embeddings: [polarity, negator] per token.
  const table = new Float32Array(vocab.length * 2);
  vocab.forEach((word, id) => {
    table[id * 2] = POSITIVE[word] ?? NEGATIVE[word] ?? 0;
    table[id * 2 + 1] = NEGATORS.includes(word) ? 1 : 0;
  });
  const wordEmb = g.initializer('bert.embeddings.word_embeddings.weight', 'float32', [vocab.length, 2], table);
  // Segment embeddings exist because BERT has them; zero so sentence A/B carry no sentiment.
  const typeEmb = g.initializer('bert.embeddings.token_type_embeddings.weight', 'float32', [2, 2], new Float32Array(4));
  const emb = g.op('Add', [g.op('Gather', [wordEmb, inputIds]), g.op('Gather', [typeEmb, tokenTypeIds])]);

  // Split channels: polarity [B,S], negator [B,S].
  const [polarity3, negator3] = g.opN('Split', [emb, g.int64Const([1, 1])], 2, { axis: intAttr(2) });
  if (polarity3 === undefined || negator3 === undefined) throw new Error('unreachable');
  const axisLast = g.int64Const([2]);
  const polarity = g.op('Squeeze', [polarity3, axisLast]);

  // negated[t] = max(negator[t-W .. t-1]): left-pad W zeros, then take the max of W shifted
  // views. (Written as Slice+Max rather than MaxPool because ORT fuses a Pad into MaxPool's own
  // pads and then rejects pads >= kernel.)
  const negator = g.op('Squeeze', [negator3, axisLast]); // [B,S]
  const padded = g.op('Pad', [negator, g.int64Const([0, NEGATION_WINDOW, 0, 0])]); // [B,S+W]
  const seqLen = g.op('Slice', [g.op('Shape', [inputIds]), g.int64Const([1]), g.int64Const([2])]);
  const shifted = Array.from({ length: NEGATION_WINDOW }, (_, k) =>
    g.op('Slice', [padded, g.int64Const([k]), g.op('Add', [seqLen, g.int64Const([k])]), g.int64Const([1])]),
  );
  const negated = g.op('Max', shifted); // [B,S]
  const flip = g.op('Sub', [g.floatConst([1]), g.op('Mul', [negated, g.floatConst([2])])]);
  const signed = g.op('Mul', [polarity, flip]);

  // Masked mean over real tokens (padding excluded).
  const mask = g.op('Cast', [attentionMask], { to: intAttr(1) });
  const total = g.op('ReduceSum', [g.op('Mul', [signed, mask]), g.int64Const([1])], { keepdims: intAttr(1) }); // [B,1]
  const count = g.op('ReduceSum', [mask, g.int64Const([1])], { keepdims: intAttr(1) });
  const score = g.op('Div', [total, g.op('Max', [count, g.floatConst([1])])]); // [B,1]

  const weight = g.initializer('classifier.weight', 'float32', [1, 2], Float32Array.from([-SLOPE, SLOPE]));
  const bias = g.initializer('classifier.bias', 'float32', [2], Float32Array.from([0, 0]));
  const logits = g.op('Add', [g.op('MatMul', [score, weight]), bias]);
  g.output('logits', logits, 'float32', ['batch_size', 2]);
  return g.build({
    docString: 'Tiny hand-set sentiment classifier: masked mean of lexicon polarities (with 3-token negation) -> 2 logits.',
  });
}

export function buildSentimentModel(): ModelFolder {
  const vocab = sentimentVocab();
  const { tokenizerJson, tokenizerConfig } = bertTokenizer(vocab);
  const config = {
    architectures: ['BertForSequenceClassification'],
    model_type: 'bert',
    vocab_size: vocab.length,
    hidden_size: 2,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    intermediate_size: 2,
    max_position_embeddings: 512,
    type_vocab_size: 2,
    pad_token_id: 0,
    id2label: { '0': 'NEGATIVE', '1': 'POSITIVE' },
    label2id: { NEGATIVE: 0, POSITIVE: 1 },
    problem_type: 'single_label_classification',
  };
  return new Map([
    ['config.json', jsonBytes(config)],
    ['tokenizer.json', jsonBytes(tokenizerJson)],
    ['tokenizer_config.json', jsonBytes(tokenizerConfig)],
    ['onnx/model.onnx', buildGraph(vocab)],
  ]);
}
