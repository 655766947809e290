import type { ModelDefinition } from '../../preload/shared/project/schema-models.js';
import type { LabelValue } from './values.js';

/**
 * Raw pipeline outputs → the value a person would call "the answer": generated text as a string,
 * a classification as a Label, entities as highlighted spans. Chains pass these natural values on,
 * and output components receive them, so `summarize → classify` needs no glue code.
 */

interface Scored {
  readonly label: string;
  readonly score: number;
}

function isScored(value: unknown): value is Scored {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Scored).label === 'string' &&
    typeof (value as Scored).score === 'number'
  );
}

/** [{label, score}, ...] → Label, highest first. */
export function toLabel(scores: readonly Scored[]): LabelValue {
  const confidences = [...scores].sort((a, b) => b.score - a.score).map((s) => ({ label: s.label, confidence: s.score }));
  return { label: confidences[0]?.label ?? '', confidences };
}

/** The single element of a one-item batch, unwrapped. */
function single(raw: unknown): unknown {
  return Array.isArray(raw) && raw.length === 1 ? raw[0] : raw;
}

function textField(raw: unknown, field: string): unknown {
  const value = single(raw);
  if (typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)[field] === 'string') {
    return (value as Record<string, unknown>)[field];
  }
  return raw;
}

interface Entity {
  readonly word: string;
  readonly entity?: string;
  readonly entity_group?: string;
}

/**
 * Entities → Gradio HighlightedText pairs `[text, label | null]` over the whole input, so the
 * untagged text between entities is kept. Words are found left to right in the input; WordPiece
 * "##" continuations are matched without their prefix.
 */
export function highlight(input: unknown, entities: readonly Entity[]): [string, string | null][] {
  if (typeof input !== 'string') return entities.map((e) => [e.word, e.entity_group ?? e.entity ?? null]);
  const pairs: [string, string | null][] = [];
  let cursor = 0;
  for (const entity of entities) {
    const word = entity.word.replace(/^##/, '');
    const at = input.indexOf(word, cursor);
    if (at < 0 || word.length === 0) continue;
    if (at > cursor) pairs.push([input.slice(cursor, at), null]);
    pairs.push([input.slice(at, at + word.length), (entity.entity_group ?? entity.entity ?? '').replace(/^[BI]-/, '') || null]);
    cursor = at + word.length;
  }
  if (cursor < input.length) pairs.push([input.slice(cursor), null]);
  return pairs;
}

export function naturalValue(definition: ModelDefinition, input: unknown, raw: unknown): unknown {
  if (definition.runtime !== 'transformers') return raw;
  switch (definition.task) {
    case 'text-classification':
    case 'sentiment-analysis':
    case 'image-classification': {
      const value = single(raw);
      const scores = Array.isArray(value) ? value : Array.isArray(raw) ? raw : [value];
      return scores.every(isScored) ? toLabel(scores) : raw;
    }
    case 'zero-shot-classification': {
      const value = single(raw) as { labels?: unknown; scores?: unknown };
      if (!Array.isArray(value.labels) || !Array.isArray(value.scores)) return raw;
      const scores = value.labels.map((label, i) => ({ label: String(label), score: Number((value.scores as unknown[])[i]) }));
      return toLabel(scores);
    }
    case 'text-generation':
    case 'text2text-generation':
    case 'image-to-text':
      return textField(raw, 'generated_text');
    case 'summarization':
      return textField(raw, 'summary_text');
    case 'translation':
      return textField(raw, 'translation_text');
    case 'automatic-speech-recognition':
      return textField(raw, 'text');
    case 'question-answering':
      return textField(raw, 'answer');
    case 'token-classification':
    case 'ner':
      return Array.isArray(raw) ? highlight(input, raw as Entity[]) : raw;
    default:
      return raw;
  }
}
