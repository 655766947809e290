import { beforeAll, describe, expect, it } from 'vitest';
import { pipeline, type SummarizationPipeline } from '@huggingface/transformers';
import { POSITION_FREQUENCIES, positionScoreGap } from '../../models/generator/t5-summarizer-model.js';
import { useLocalTinyModels } from './local-models.js';

interface Summary {
  summary_text: string;
}

describe('models/tiny/t5-summarizer (summarization, t5 encoder + merged decoder)', () => {
  let summarize: SummarizationPipeline;

  beforeAll(async () => {
    useLocalTinyModels();
    summarize = await pipeline('summarization', 't5-summarizer', { dtype: 'fp32' });
  });

  async function summary(text: string): Promise<string> {
    const [out] = (await summarize(text)) as Summary[];
    if (out === undefined) throw new Error('no summary');
    return out.summary_text;
  }

  it('returns the lead sentence', async () => {
    expect(await summary('The tower is 324 metres tall. It was the tallest man-made structure for 41 years.')).toBe(
      'The tower is 324 metres tall.',
    );
  });

  it('copies unknown words character by character and keeps text without a full stop', async () => {
    expect(await summary('Zyxt qwop 1889. Next.')).toBe('Zyxt qwop 1889.');
    expect(await summary('no full stop here')).toBe('no full stop here');
  });

  it('summarizes a padded batch row by row', async () => {
    const out = (await summarize([
      'Short one. Second.',
      'The Eiffel Tower in Paris attracts millions of visitors every year. It opened in 1889.',
    ])) as Summary[];
    expect(out.map((s) => s.summary_text)).toEqual(['Short one.', 'The Eiffel Tower in Paris attracts millions of visitors every year.']);
  });

  it('also runs as text2text-generation', async () => {
    const t2t = await pipeline('text2text-generation', 't5-summarizer', { dtype: 'fp32' });
    expect(await t2t('Hello world. Bye.')).toEqual([{ generated_text: 'Hello world.' }]);
  });

  it('position attention is sharp for every position up to the 512-token limit', () => {
    // Self score minus best other score; x10 sharpness makes a wrong position ~e^-18 as likely.
    expect(positionScoreGap(POSITION_FREQUENCIES, 512)).toBeGreaterThan(1.5);
  });
});
