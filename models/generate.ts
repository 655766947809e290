/**
 * `npm run models`: regenerates every folder under models/tiny/ from the recipes in
 * models/generator/. Output is byte-for-byte deterministic; commit the result.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_MODELS } from './generator/all-models.js';
import { writeModelFolder } from './generator/model-folder.js';

const tinyDir = join(dirname(fileURLToPath(import.meta.url)), 'tiny');

for (const recipe of ALL_MODELS) {
  const folder = recipe.build();
  await writeModelFolder(join(tinyDir, recipe.name), folder);
  const bytes = [...folder.values()].reduce((sum, b) => sum + b.length, 0);
  console.log(`models/tiny/${recipe.name}: ${folder.size} files, ${(bytes / 1024).toFixed(1)} KiB`);
}
