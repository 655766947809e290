import { beforeAll, describe, expect, it } from 'vitest';
import { pipeline, type TextGenerationPipeline } from '@huggingface/transformers';
import { useLocalTinyModels } from './local-models.js';

interface Generated {
  generated_text: string;
}

describe('models/tiny/textgen-a and textgen-b (text-generation, gpt2)', () => {
  let a: TextGenerationPipeline;
  let b: TextGenerationPipeline;

  beforeAll(async () => {
    useLocalTinyModels();
    a = await pipeline('text-generation', 'textgen-a', { dtype: 'fp32' });
    b = await pipeline('text-generation', 'textgen-b', { dtype: 'fp32' });
  });

  async function generate(p: TextGenerationPipeline, prompt: string, options: Record<string, unknown>): Promise<string> {
    const [out] = (await p(prompt, options)) as Generated[];
    if (out === undefined) throw new Error('no generation output');
    return out.generated_text;
  }

  it('textgen-a continues "Once upon a time" greedily and deterministically', async () => {
    const options = { max_new_tokens: 8, do_sample: false };
    const text = await generate(a, 'Once upon a time', options);
    expect(text).toBe('Once upon a time there was a little robot who loved to');
    expect(await generate(a, 'Once upon a time', options)).toBe(text);
  });

  it('textgen-b gives a different continuation for the same prompt', async () => {
    const text = await generate(b, 'Once upon a time', { max_new_tokens: 8, do_sample: false });
    expect(text).toBe('Once upon a time in the forest lived an old wizard with');
    expect(text).not.toBe(await generate(a, 'Once upon a time', { max_new_tokens: 8, do_sample: false }));
  });

  it('stops at the end-of-text token', async () => {
    expect(await generate(a, 'Once upon a time', { do_sample: false })).toBe(
      'Once upon a time there was a little robot who loved to paint the stars.',
    );
    expect(await generate(b, 'Hello', { do_sample: false, return_full_text: false })).toBe(' there, friend!');
  });

  it('generates a left-padded batch; finished rows stay finished', async () => {
    const out = (await a(['Hello', 'Once upon a time'], { do_sample: false })) as Generated[][];
    expect(out.map((rows) => rows[0]?.generated_text)).toEqual([
      'Hello, I am your tiny story teller!',
      'Once upon a time there was a little robot who loved to paint the stars.',
    ]);
  });

  it('continues unknown prompts (byte-level tokens) with the fallback phrase', async () => {
    expect(await generate(a, 'Quantum zebras', { do_sample: false })).toBe('Quantum zebras and they lived happily ever after.');
    expect(await generate(b, 'Quantum zebras', { do_sample: false })).toBe('Quantum zebras and so it goes.');
  });

  it('tokenizes known words as single GPT-2 style tokens and round-trips any text', () => {
    const ids = a.tokenizer.encode('Once upon a time');
    expect(ids).toHaveLength(4);
    const odd = 'Zebras ate 42 crêpes!';
    expect(a.tokenizer.decode(a.tokenizer.encode(odd))).toBe(odd);
  });
});
