/**
 * The list of every generated model folder under models/tiny/. Both `npm run models` and the
 * determinism test iterate this list, so adding a model here is all it takes to ship it.
 */
import type { ModelFolder } from './model-folder.js';
import { buildSentimentModel } from './sentiment-model.js';
import { buildDefaultCostFolder } from './cost-model.js';
import { buildTextgenModel } from './textgen-model.js';
import { STORY_A, STORY_B } from './textgen-stories.js';
import { buildT5SummarizerModel } from './t5-summarizer-model.js';
import { buildNerModel } from './ner-model.js';
import { buildEmbedderModel } from './embedder-model.js';
import { buildImageClassifierModel } from './image-classifier-model.js';
import { buildAsrModel } from './asr-model.js';

export interface ModelRecipe {
  /** Folder name under models/tiny/ (also the transformers.js model id in tests). */
  name: string;
  build: () => ModelFolder;
}

export const ALL_MODELS: readonly ModelRecipe[] = [
  { name: 'sentiment', build: buildSentimentModel },
  { name: 'cost', build: buildDefaultCostFolder },
  { name: 'textgen-a', build: () => buildTextgenModel(STORY_A, 'textgen-a') },
  { name: 'textgen-b', build: () => buildTextgenModel(STORY_B, 'textgen-b') },
  { name: 't5-summarizer', build: buildT5SummarizerModel },
  { name: 'ner', build: buildNerModel },
  { name: 'embedder', build: buildEmbedderModel },
  { name: 'image-classifier', build: buildImageClassifierModel },
  { name: 'asr', build: buildAsrModel },
];
