import { beforeAll, describe, expect, it } from 'vitest';
import { pipeline, type TextClassificationPipeline } from '@huggingface/transformers';
import { join } from 'node:path';
import { TINY_DIR, useLocalTinyModels } from './local-models.js';

interface Label {
  label: string;
  score: number;
}

describe('models/tiny/sentiment (text-classification, bert)', () => {
  let classify: TextClassificationPipeline;

  beforeAll(async () => {
    useLocalTinyModels();
    classify = await pipeline('text-classification', 'sentiment', { dtype: 'fp32' });
  });

  async function top(text: string): Promise<Label> {
    const [result] = (await classify(text)) as Label[];
    if (result === undefined) throw new Error('no classification result');
    return result;
  }

  it.each([
    ['I love this great movie', 'POSITIVE'],
    ['I hate this terrible movie', 'NEGATIVE'],
    ['this was awful and boring', 'NEGATIVE'],
    ['what a wonderful, delightful film', 'POSITIVE'],
  ])('%s -> %s with high confidence', async (text, label) => {
    const result = await top(text);
    expect(result.label).toBe(label);
    expect(result.score).toBeGreaterThan(0.8);
  });

  it('flips polarity after a negation', async () => {
    expect((await top('The movies were not bad')).label).toBe('POSITIVE');
    expect((await top("I didn't like it")).label).toBe('NEGATIVE');
    expect((await top('not good at all')).label).toBe('NEGATIVE');
  });

  it('is undecided on text without sentiment words', async () => {
    expect((await top('the cat is on the street')).score).toBeCloseTo(0.5, 5);
  });

  it('classifies a padded batch the same as single inputs', async () => {
    const texts = ['I love it', 'this was really bad and boring and awful'];
    const batch = (await classify(texts)) as Label[];
    expect(batch.map((r) => r.label)).toEqual(['POSITIVE', 'NEGATIVE']);
    for (const [i, text] of texts.entries()) {
      expect(batch[i]?.score).toBeCloseTo((await top(text)).score, 5);
    }
  });

  it('also loads from an absolute folder path', async () => {
    const byPath = await pipeline('text-classification', join(TINY_DIR, 'sentiment'), { dtype: 'fp32' });
    expect(await byPath('what a great day')).toEqual([{ label: 'POSITIVE', score: expect.any(Number) }]);
  });

  it('exposes the configured labels', () => {
    expect(classify.model.config).toMatchObject({ id2label: { 0: 'NEGATIVE', 1: 'POSITIVE' } });
  });
});
