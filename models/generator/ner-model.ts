/**
 * `ner`: a cased BERT-shaped token classifier (model_type "bert", BertForTokenClassification)
 * with the CoNLL-2003 label set of dslim/bert-base-NER. Weights are a hand-set gazetteer plus a
 * 3-token convolution for multi-word entities.
 *
 * Graph:
 *   features = word_embeddings[input_ids] * attention_mask     [B,S,F]  (one flag per feature)
 *   logits   = Conv1d(features, kernel 3, pad 1)               [B,S,9]  (looks at t-1, t, t+1)
 * Features: plain word, first name, surname, place, place prefix ("New"), place continuation
 * ("York"), organisation, misc (nationalities, events). The convolution encodes rules such as
 * "surname after a first name -> I-PER" and "New followed by York -> B-LOC I-LOC".
 *
 * Unknown words become [UNK], which transformers.js drops from the output like any special
 * token, so only vocabulary words can be tagged.
 */
import { GraphBuilder, intAttr, intsAttr } from './onnx-builder.js';
import { COMMON_WORDS, PUNCTUATION, uniqueWords } from './english-words.js';
import { BERT_SPECIALS, bertTokenizer } from './tokenizer-json.js';
import { jsonBytes, type ModelFolder } from './model-folder.js';

/** Label order of dslim/bert-base-NER. */
export const NER_LABELS = ['O', 'B-MISC', 'I-MISC', 'B-PER', 'I-PER', 'B-ORG', 'I-ORG', 'B-LOC', 'I-LOC'] as const;
type Label = (typeof NER_LABELS)[number];

const FEATURES = ['plain', 'first', 'surname', 'place', 'prefix', 'continuation', 'org', 'misc'] as const;
type Feature = (typeof FEATURES)[number];

const GAZETTEER: Readonly<Record<Exclude<Feature, 'plain'>, readonly string[]>> = {
  first: [
    'Sarah',
    'John',
    'Mary',
    'James',
    'Emma',
    'David',
    'Anna',
    'Maria',
    'Michael',
    'Alice',
    'Bob',
    'Tom',
    'Lisa',
    'Peter',
    'Paul',
    'Laura',
    'Olivia',
    'Noah',
    'Liam',
    'Sophia',
    'Ahmed',
    'Yuki',
    'Wei',
    'Priya',
    'Carlos',
    'Fatima',
    'Elena',
    'Omar',
  ],
  surname: ['Smith', 'Johnson', 'Brown', 'Jones', 'Miller', 'Davis', 'Garcia', 'Wilson', 'Taylor', 'Lee', 'Chen', 'Kim', 'Patel', 'Nguyen'],
  place: [
    'London',
    'Paris',
    'Berlin',
    'Tokyo',
    'Rome',
    'Madrid',
    'Sydney',
    'Toronto',
    'Chicago',
    'Boston',
    'Mumbai',
    'Cairo',
    'Lagos',
    'Moscow',
    'Beijing',
    'Seoul',
    'Dublin',
    'Amsterdam',
    'Vienna',
    'Prague',
    'Lisbon',
    'England',
    'France',
    'Germany',
    'Japan',
    'Italy',
    'Spain',
    'China',
    'India',
    'Canada',
    'Brazil',
    'Mexico',
    'Europe',
    'Africa',
    'Asia',
    'California',
    'Texas',
  ],
  prefix: ['New', 'San', 'Los', 'Las', 'United', 'Hong', 'South', 'North'],
  continuation: ['York', 'Zealand', 'Francisco', 'Angeles', 'Vegas', 'Kingdom', 'States', 'Kong', 'Korea', 'Diego', 'Jersey'],
  org: ['Google', 'Microsoft', 'Apple', 'Amazon', 'IBM', 'NASA', 'Toyota', 'Netflix', 'Spotify', 'UNESCO', 'BBC', 'Reuters'],
  misc: ['English', 'French', 'German', 'Spanish', 'Italian', 'Japanese', 'Chinese', 'American', 'British', 'Christmas', 'Olympics'],
};

/**
 * Convolution rules: [label, feature, offset, weight]. Offset -1 means "the previous token has
 * this feature", +1 "the next token has it". Scores add up; the largest label wins.
 */
const RULES: ReadonlyArray<readonly [Label, Feature, -1 | 0 | 1, number]> = [
  ['O', 'plain', 0, 5],
  ['B-PER', 'first', 0, 6],
  ['B-PER', 'surname', 0, 4],
  ['I-PER', 'surname', 0, 3],
  ['I-PER', 'first', -1, 3], // "John Smith": Smith scores I-PER 6 > B-PER 4
  ['B-LOC', 'place', 0, 6],
  ['B-LOC', 'prefix', 0, 4], // alone "New" stays O (plain 5 > 4) …
  ['B-LOC', 'continuation', 1, 4], // … but "New York" makes it B-LOC (8)
  ['B-LOC', 'continuation', 0, 4],
  ['I-LOC', 'continuation', 0, 3],
  ['I-LOC', 'prefix', -1, 4], // "York" after "New": I-LOC 7 > B-LOC 4
  ['B-ORG', 'org', 0, 6],
  ['B-MISC', 'misc', 0, 6],
];

const capitalize = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);

export function nerVocab(): string[] {
  const gazetteer = Object.values(GAZETTEER).flat();
  // Cased: common words appear as written mid-sentence and capitalised at sentence start.
  const common = COMMON_WORDS.flatMap((w) => [w, capitalize(w)]);
  return uniqueWords([...BERT_SPECIALS, ...PUNCTUATION, ...common, ...gazetteer]);
}

function featureRows(vocab: readonly string[]): Float32Array {
  const table = new Float32Array(vocab.length * FEATURES.length);
  const set = (id: number, feature: Feature): void => {
    table[id * FEATURES.length + FEATURES.indexOf(feature)] = 1;
  };
  vocab.forEach((word, id) => {
    if ((BERT_SPECIALS as readonly string[]).includes(word)) return;
    let special = false;
    for (const [feature, words] of Object.entries(GAZETTEER) as [Exclude<Feature, 'plain'>, readonly string[]][]) {
      if (words.includes(word)) {
        set(id, feature);
        special = true;
      }
    }
    // Prefix words are ordinary words too ("a new car"); other gazetteer entries are not.
    if (!special || GAZETTEER.prefix.includes(word)) set(id, 'plain');
  });
  return table;
}

function convWeights(): Float32Array {
  // ONNX Conv weight layout [out_channels = labels, in_channels = features, kernel = 3].
  const w = new Float32Array(NER_LABELS.length * FEATURES.length * 3);
  for (const [label, feature, offset, weight] of RULES) {
    const i = (NER_LABELS.indexOf(label) * FEATURES.length + FEATURES.indexOf(feature)) * 3 + offset + 1;
    w[i] = (w[i] ?? 0) + weight;
  }
  return w;
}

function buildGraph(vocab: readonly string[]): Uint8Array {
  const g = new GraphBuilder('tiny_ner');
  const dims = ['batch_size', 'sequence_length'];
  const inputIds = g.input('input_ids', 'int64', dims);
  const attentionMask = g.input('attention_mask', 'int64', dims);
  const tokenTypeIds = g.input('token_type_ids', 'int64', dims);
  const wordEmb = g.initializer('bert.embeddings.word_embeddings.weight', 'float32', [vocab.length, FEATURES.length], featureRows(vocab));
  const typeEmb = g.initializer(
    'bert.embeddings.token_type_embeddings.weight',
    'float32',
    [2, FEATURES.length],
    new Float32Array(2 * FEATURES.length),
  );
  const mask = g.op('Unsqueeze', [g.op('Cast', [attentionMask], { to: intAttr(1) }), g.int64Const([2])]);
  const emb = g.op('Add', [g.op('Gather', [wordEmb, inputIds]), g.op('Gather', [typeEmb, tokenTypeIds])]);
  const features = g.op('Transpose', [g.op('Mul', [emb, mask])], { perm: intsAttr([0, 2, 1]) }); // [B,F,S]
  const weight = g.initializer('classifier.conv.weight', 'float32', [NER_LABELS.length, FEATURES.length, 3], convWeights());
  const bias = g.initializer('classifier.conv.bias', 'float32', [NER_LABELS.length], new Float32Array(NER_LABELS.length));
  const conv = g.op('Conv', [features, weight, bias], { kernel_shape: intsAttr([3]), pads: intsAttr([1, 1]) }); // [B,9,S]
  const logits = g.op('Transpose', [conv], { perm: intsAttr([0, 2, 1]) });
  g.output('logits', logits, 'float32', ['batch_size', 'sequence_length', NER_LABELS.length]);
  return g.build({ docString: 'Tiny hand-set NER: gazetteer features + 3-token convolution -> CoNLL labels.' });
}

export function buildNerModel(): ModelFolder {
  const vocab = nerVocab();
  const { tokenizerJson, tokenizerConfig } = bertTokenizer(vocab, { lowercase: false });
  const id2label = Object.fromEntries(NER_LABELS.map((l, i) => [String(i), l]));
  const label2id = Object.fromEntries(NER_LABELS.map((l, i) => [l, i]));
  const config = {
    architectures: ['BertForTokenClassification'],
    model_type: 'bert',
    vocab_size: vocab.length,
    hidden_size: FEATURES.length,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    intermediate_size: FEATURES.length,
    max_position_embeddings: 512,
    type_vocab_size: 2,
    pad_token_id: 0,
    id2label,
    label2id,
  };
  return new Map([
    ['config.json', jsonBytes(config)],
    ['tokenizer.json', jsonBytes(tokenizerJson)],
    ['tokenizer_config.json', jsonBytes(tokenizerConfig)],
    ['onnx/model.onnx', buildGraph(vocab)],
  ]);
}
