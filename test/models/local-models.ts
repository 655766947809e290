/**
 * Points transformers.js at the committed tiny models, offline, exactly as an app would:
 * model ids like "sentiment" resolve to models/tiny/sentiment/ through env.localModelPath.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { env } from '@huggingface/transformers';

export const TINY_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'models', 'tiny');

export function useLocalTinyModels(): void {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${TINY_DIR}/`;
}
