import { PreTrainedTokenizer, StoppingCriteria, TextStreamer } from '@huggingface/transformers';
import type { TransformersTask } from './task-input.js';

/**
 * Streaming and cancellation for generating pipelines. transformers.js awaits an onnxruntime call
 * per generated token, so the worker's event loop runs between steps: a cancel message arrives,
 * the AbortSignal flips, and the stopping criterion below ends generation at the next step.
 */

const GENERATING: readonly TransformersTask[] = ['text-generation', 'summarization', 'text2text-generation', 'translation'];

export function isGenerating(task: TransformersTask): boolean {
  return GENERATING.includes(task);
}

/** Stops every sequence once the job's signal is aborted. */
class AbortCriteria extends StoppingCriteria {
  constructor(private readonly signal: AbortSignal) {
    super();
  }

  override _call(inputIds: number[][]): boolean[] {
    return new Array<boolean>(inputIds.length).fill(this.signal.aborted);
  }
}

export interface GenerationHooks {
  readonly task: TransformersTask;
  /** The pipeline's tokenizer (TextStreamer decodes with it). */
  readonly tokenizer: unknown;
  /** The first pipeline argument (the prompt), used to stream full text like the final result. */
  readonly prompt: unknown;
  readonly params: Readonly<Record<string, unknown>>;
  readonly signal: AbortSignal;
  readonly onPartial?: ((value: unknown) => void) | undefined;
}

/**
 * Extra generate() options: the abort criterion always, and a streamer when someone listens and
 * the input is a single prompt (TextStreamer only handles batch size 1). Partials are the
 * accumulated text, prefixed with the prompt when the final result will be (text-generation's
 * default `return_full_text`), so each partial is a prefix of the result.
 */
export function generationOptions(hooks: GenerationHooks): Record<string, unknown> {
  const options: Record<string, unknown> = { stopping_criteria: [new AbortCriteria(hooks.signal)] };
  const { onPartial, prompt, task } = hooks;
  const { tokenizer } = hooks;
  if (!onPartial || typeof prompt !== 'string' || !(tokenizer instanceof PreTrainedTokenizer)) return options;
  const fullText = task === 'text-generation' && hooks.params.return_full_text !== false;
  let text = fullText ? prompt : '';
  options.streamer = new TextStreamer(tokenizer, {
    skip_prompt: true,
    callback_function: (piece: string) => {
      text += piece;
      onPartial(text);
    },
  });
  return options;
}
