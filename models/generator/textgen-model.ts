/**
 * `textgen-a` / `textgen-b`: GPT-2-shaped causal LMs (model_type "gpt2", GPT2LMHeadModel)
 * that are hand-set bigram models.
 *
 * Graph:
 *   h      = wte[input_ids] * attention_mask        [B,S,C]  (one-hot "context" of each token)
 *   logits = h · lm_head                            [B,S,V]  (row c = next-token scores)
 * C is the number of distinct contexts (tokens that have their own rule + one fallback), so the
 * weights stay a few dozen KB even with the 256 byte symbols in the vocabulary.
 *
 * Why no past_key_values: transformers.js 4.3.1 only feeds cache tensors that the session lists
 * as inputs (addPastKeyValues walks session.inputMetadata), and with no `present*` outputs the
 * cache stays empty, so after the prompt each step feeds just the newest token. A bigram model
 * needs nothing more. config.json says use_cache: false to match.
 */
import { GraphBuilder, intAttr } from './onnx-builder.js';
import { jsonBytes, type ModelFolder } from './model-folder.js';
import { GPT2_EOS, gpt2ByteSymbols, gpt2Token, gpt2Tokenizer } from './tokenizer-json.js';
import { EOS_WORD, TEXTGEN_WORDS, type BigramStory } from './textgen-stories.js';
import { uniqueWords } from './english-words.js';

/** Logit of the rule's next token; every other token gets 0 (softmax ≈ 0.9 on the rule). */
const RULE_LOGIT = 8;
const MODEL_MAX_LENGTH = 1024;

const isWord = (w: string): boolean => /^[A-Za-z]/.test(w);

/** The shared vocabulary: GPT-2's 256 byte symbols, each word after a space and at text start, EOS. */
export function textgenVocab(): string[] {
  const words = TEXTGEN_WORDS.flatMap((w) => [gpt2Token(w), gpt2Token(` ${w}`)]);
  return uniqueWords([...gpt2ByteSymbols(), ...words, GPT2_EOS]);
}

/** The token a chain word becomes when generated: words follow a space, punctuation does not. */
function generatedToken(word: string): string {
  if (word === EOS_WORD) return GPT2_EOS;
  return gpt2Token(isWord(word) ? ` ${word}` : word);
}

/** Tokens that count as "this word" when it is the current token (both spellings). */
function contextTokens(word: string): string[] {
  if (word === EOS_WORD) return [GPT2_EOS];
  return isWord(word) ? [gpt2Token(word), gpt2Token(` ${word}`)] : [gpt2Token(word)];
}

/**
 * Flattens chains into word -> next word, rejecting contradictory rules. EOS is followed by EOS
 * so a finished row of a batch stays finished (transformers.js stops a batch only when every
 * row's last token is EOS).
 */
function bigramRules(story: BigramStory): Map<string, string> {
  const rules = new Map<string, string>([[EOS_WORD, EOS_WORD]]);
  for (const chain of story.chains) {
    for (let i = 0; i + 1 < chain.length; i++) {
      const [from, to] = [chain[i], chain[i + 1]];
      if (from === undefined || to === undefined) throw new Error('unreachable');
      const existing = rules.get(from);
      if (existing !== undefined && existing !== to) {
        throw new Error(`bigram conflict: "${from}" -> "${existing}" and "${to}"`);
      }
      rules.set(from, to);
    }
  }
  return rules;
}

function buildGraph(vocab: readonly string[], story: BigramStory, name: string): Uint8Array {
  const idOf = (token: string): number => {
    const id = vocab.indexOf(token);
    if (id < 0) throw new Error(`token ${JSON.stringify(token)} missing from vocab`);
    return id;
  };
  const rules = [...bigramRules(story).entries()];
  const contexts = rules.length + 1; // + fallback context (index 0)

  // wte: every token starts in the fallback context, tokens with a rule get their own.
  const wte = new Float32Array(vocab.length * contexts);
  for (let id = 0; id < vocab.length; id++) wte[id * contexts] = 1;
  const lmHead = new Float32Array(contexts * vocab.length);
  lmHead[idOf(generatedToken(story.fallback))] = RULE_LOGIT;
  rules.forEach(([from, to], i) => {
    const c = i + 1;
    for (const token of contextTokens(from)) {
      const id = idOf(token);
      wte[id * contexts] = 0;
      wte[id * contexts + c] = 1;
    }
    lmHead[c * vocab.length + idOf(generatedToken(to))] = RULE_LOGIT;
  });

  const g = new GraphBuilder(name);
  const dims = ['batch_size', 'sequence_length'];
  const inputIds = g.input('input_ids', 'int64', dims);
  const attentionMask = g.input('attention_mask', 'int64', dims);
  const wteName = g.initializer('transformer.wte.weight', 'float32', [vocab.length, contexts], wte);
  const lmHeadName = g.initializer('lm_head.weight', 'float32', [contexts, vocab.length], lmHead);
  // Padding positions (mask 0) get all-zero logits; only real tokens carry a context.
  const mask = g.op('Unsqueeze', [g.op('Cast', [attentionMask], { to: intAttr(1) }), g.int64Const([2])]);
  const hidden = g.op('Mul', [g.op('Gather', [wteName, inputIds]), mask]);
  g.output('logits', g.op('MatMul', [hidden, lmHeadName]), 'float32', ['batch_size', 'sequence_length', vocab.length]);
  return g.build({ docString: `Tiny hand-set bigram language model (${name}).` });
}

export function buildTextgenModel(story: BigramStory, name: string): ModelFolder {
  const vocab = textgenVocab();
  const eos = vocab.indexOf(GPT2_EOS);
  const { tokenizerJson, tokenizerConfig } = gpt2Tokenizer(vocab, MODEL_MAX_LENGTH);
  const contexts = bigramRules(story).size + 1;
  const config = {
    architectures: ['GPT2LMHeadModel'],
    model_type: 'gpt2',
    vocab_size: vocab.length,
    n_positions: MODEL_MAX_LENGTH,
    n_ctx: MODEL_MAX_LENGTH,
    n_embd: contexts,
    n_layer: 0,
    n_head: 1,
    bos_token_id: eos,
    eos_token_id: eos,
    use_cache: false,
  };
  const generationConfig = { bos_token_id: eos, eos_token_id: eos, max_length: 64 };
  return new Map([
    ['config.json', jsonBytes(config)],
    ['generation_config.json', jsonBytes(generationConfig)],
    ['tokenizer.json', jsonBytes(tokenizerJson)],
    ['tokenizer_config.json', jsonBytes(tokenizerConfig)],
    ['onnx/model.onnx', buildGraph(vocab, story, name)],
  ]);
}
