import { beforeAll, describe, expect, it } from 'vitest';
import { pipeline, type TokenClassificationPipeline } from '@huggingface/transformers';
import { useLocalTinyModels } from './local-models.js';

interface Entity {
  entity: string;
  word: string;
  score: number;
}
interface Group {
  entity_group: string;
  word: string;
}

describe('models/tiny/ner (token-classification, cased bert)', () => {
  let ner: TokenClassificationPipeline;

  beforeAll(async () => {
    useLocalTinyModels();
    ner = await pipeline('token-classification', 'ner', { dtype: 'fp32' });
  });

  it('tags Sarah as a person and London as a location', async () => {
    const entities = (await ner('My name is Sarah and I live in London')) as Entity[];
    expect(entities.map((e) => [e.word, e.entity])).toEqual([
      ['Sarah', 'B-PER'],
      ['London', 'B-LOC'],
    ]);
    for (const e of entities) expect(e.score).toBeGreaterThan(0.9);
  });

  it('groups multi-word entities with aggregation_strategy "simple"', async () => {
    const groups = (await ner('John Smith flew from New York to Tokyo with Google', {
      aggregation_strategy: 'simple',
    })) as Group[];
    expect(groups.map((g) => [g.word, g.entity_group])).toEqual([
      ['John Smith', 'PER'],
      ['New York', 'LOC'],
      ['Tokyo', 'LOC'],
      ['Google', 'ORG'],
    ]);
  });

  it('leaves ordinary sentences untagged and uses context for ambiguous words', async () => {
    expect(await ner('I bought a new car')).toEqual([]);
    expect(((await ner('The French team won')) as Entity[]).map((e) => e.entity)).toEqual(['B-MISC']);
  });
});
