/**
 * `embedder`: a BERT-shaped feature extractor (model_type "bert", BertModel) whose token vectors
 * are hand-set from topic groups, so related words point the same way.
 *
 * Each hidden vector = [topic part (one dim per topic) | identity part (±1 code of the token id)].
 * A topic word has 1.0 on its topic and 0.15·code as identity; function words carry only a small
 * (0.05·code) identity, so mean pooling is dominated by content words. Cosine similarity of two
 * words in the same topic is ≥ 0.6, across topics ≤ 0.2, and sentences about the same topic end
 * up close after `pooling: 'mean', normalize: true`.
 *
 * Graph: last_hidden_state = word_embeddings[input_ids] + token_type_embeddings[token_type_ids]
 * (type embeddings are zero; they exist because BERT exports take token_type_ids).
 */
import { GraphBuilder } from './onnx-builder.js';
import { COMMON_WORDS, PUNCTUATION, SUFFIX_PIECES, uniqueWords } from './english-words.js';
import { BERT_SPECIALS, bertTokenizer } from './tokenizer-json.js';
import { jsonBytes, type ModelFolder } from './model-folder.js';

/** Topic groups; words are lower case (the tokenizer is uncased). */
export const TOPICS: Readonly<Record<string, readonly string[]>> = {
  animals: ['cat', 'cats', 'dog', 'dogs', 'puppy', 'kitten', 'pet', 'pets', 'horse', 'bird', 'fish', 'animal', 'animals', 'cow', 'rabbit'],
  food: [
    'food',
    'meal',
    'pizza',
    'pasta',
    'bread',
    'cheese',
    'apple',
    'soup',
    'salad',
    'dinner',
    'lunch',
    'breakfast',
    'delicious',
    'tasty',
    'eat',
    'ate',
    'cook',
    'restaurant',
  ],
  vehicles: ['car', 'cars', 'truck', 'bus', 'train', 'bike', 'bicycle', 'plane', 'drive', 'road', 'traffic', 'engine'],
  weather: ['weather', 'rain', 'rainy', 'sun', 'sunny', 'snow', 'cold', 'hot', 'warm', 'wind', 'storm', 'cloudy'],
  finance: ['money', 'bank', 'stock', 'stocks', 'market', 'price', 'prices', 'economy', 'invest', 'dollar', 'crashed', 'profit'],
  sports: ['football', 'soccer', 'tennis', 'game', 'match', 'team', 'goal', 'score', 'player', 'won', 'win', 'ball'],
  music: ['music', 'song', 'songs', 'guitar', 'piano', 'concert', 'band', 'sing', 'album', 'melody'],
  technology: ['computer', 'phone', 'software', 'app', 'code', 'internet', 'laptop', 'robot', 'ai', 'data'],
  emotion: ['happy', 'sad', 'love', 'hate', 'angry', 'joy', 'cute', 'lovely', 'afraid', 'excited'],
};

const TOPIC_NAMES = Object.keys(TOPICS);
const IDENTITY_BITS = 10;
const TOPIC_WORD_IDENTITY = 0.15;
const FUNCTION_WORD_IDENTITY = 0.05;

export function embedderVocab(): string[] {
  return uniqueWords([...BERT_SPECIALS, ...PUNCTUATION, ...COMMON_WORDS, ...Object.values(TOPICS).flat(), ...SUFFIX_PIECES]);
}

function embeddingTable(vocab: readonly string[]): { table: Float32Array; width: number } {
  const width = TOPIC_NAMES.length + IDENTITY_BITS;
  const table = new Float32Array(vocab.length * width);
  vocab.forEach((word, id) => {
    const row = id * width;
    const topic = TOPIC_NAMES.findIndex((t) => TOPICS[t]?.includes(word));
    if (topic >= 0) table[row + topic] = 1;
    // [PAD], [CLS], [SEP] … stay zero so they do not pull every sentence towards one point.
    if ((BERT_SPECIALS as readonly string[]).includes(word)) return;
    const scale = topic >= 0 ? TOPIC_WORD_IDENTITY : FUNCTION_WORD_IDENTITY;
    for (let b = 0; b < IDENTITY_BITS; b++) {
      table[row + TOPIC_NAMES.length + b] = ((id >> b) & 1 ? 1 : -1) * scale;
    }
  });
  return { table, width };
}

function buildGraph(vocab: readonly string[]): { bytes: Uint8Array; width: number } {
  const { table, width } = embeddingTable(vocab);
  const g = new GraphBuilder('tiny_embedder');
  const dims = ['batch_size', 'sequence_length'];
  const inputIds = g.input('input_ids', 'int64', dims);
  g.input('attention_mask', 'int64', dims); // pooling uses it in JS; the graph itself is per-token
  const tokenTypeIds = g.input('token_type_ids', 'int64', dims);
  const wordEmb = g.initializer('embeddings.word_embeddings.weight', 'float32', [vocab.length, width], table);
  const typeEmb = g.initializer('embeddings.token_type_embeddings.weight', 'float32', [2, width], new Float32Array(2 * width));
  const hidden = g.op('Add', [g.op('Gather', [wordEmb, inputIds]), g.op('Gather', [typeEmb, tokenTypeIds])]);
  g.output('last_hidden_state', hidden, 'float32', ['batch_size', 'sequence_length', width]);
  return { bytes: g.build({ docString: 'Tiny hand-set embedder: topic + identity token vectors.' }), width };
}

export function buildEmbedderModel(): ModelFolder {
  const vocab = embedderVocab();
  const { tokenizerJson, tokenizerConfig } = bertTokenizer(vocab);
  const { bytes, width } = buildGraph(vocab);
  const config = {
    architectures: ['BertModel'],
    model_type: 'bert',
    vocab_size: vocab.length,
    hidden_size: width,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    intermediate_size: width,
    max_position_embeddings: 512,
    type_vocab_size: 2,
    pad_token_id: 0,
  };
  return new Map([
    ['config.json', jsonBytes(config)],
    ['tokenizer.json', jsonBytes(tokenizerJson)],
    ['tokenizer_config.json', jsonBytes(tokenizerConfig)],
    ['onnx/model.onnx', bytes],
  ]);
}
