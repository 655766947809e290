import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSON_SCHEMA_FILE, renderProjectJsonSchema } from '../../preload/shared/project/json-schema.js';

/** `npm run schema`: regenerates schema/project.schema.json from the zod schema. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const target = path.join(root, JSON_SCHEMA_FILE);
await mkdir(path.dirname(target), { recursive: true });
await writeFile(target, renderProjectJsonSchema());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
