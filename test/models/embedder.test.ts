import { beforeAll, describe, expect, it } from 'vitest';
import { cos_sim, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { useLocalTinyModels } from './local-models.js';

describe('models/tiny/embedder (feature-extraction, bert)', () => {
  let embed: FeatureExtractionPipeline;

  beforeAll(async () => {
    useLocalTinyModels();
    embed = await pipeline('feature-extraction', 'embedder', { dtype: 'fp32' });
  });

  async function vectors(texts: string[]): Promise<number[][]> {
    const out = await embed(texts, { pooling: 'mean', normalize: true });
    return out.tolist() as number[][];
  }

  function sim(a: number[] | undefined, b: number[] | undefined): number {
    if (a === undefined || b === undefined) throw new Error('missing vector');
    return cos_sim(a, b);
  }

  it('returns per-token last_hidden_state without pooling', async () => {
    const out = await embed('hello cat');
    expect(out.dims).toEqual([1, 4, 19]); // [CLS] hello cat [SEP], 9 topics + 10 identity dims
  });

  it('gives related words similar vectors', async () => {
    const [cat, dog, car, truck, money] = await vectors(['cat', 'dog', 'car', 'truck', 'money']);
    expect(sim(cat, dog)).toBeGreaterThan(0.6);
    expect(sim(car, truck)).toBeGreaterThan(0.6);
    expect(sim(cat, car)).toBeLessThan(0.3);
    expect(sim(dog, money)).toBeLessThan(0.3);
  });

  it('ranks sentences on the same topic closest', async () => {
    const [query, pets, stocks, food] = await vectors(['I love my cat', 'the dog is cute', 'the stock market crashed', 'pizza for dinner']);
    expect(sim(query, pets)).toBeGreaterThan(0.8);
    expect(sim(query, stocks)).toBeLessThan(0.3);
    expect(sim(query, food)).toBeLessThan(0.3);
  });
});
