import type { ModelDefinition } from '../../preload/shared/project/schema-models.js';
import type { ResolvedModel, Runtime } from './runtime.js';
import type { RuntimeContext } from './runtime-context.js';
import type { WorkerSpec } from './worker-protocol.js';

/**
 * Picks the runtime implementation for a worker spec. Implementations are imported lazily so that
 * a JS-function worker never loads onnxruntime or transformers.js, and a model worker loads only
 * the library it needs.
 */

export type RuntimeKind = ModelDefinition['runtime'] | 'js';

export function runtimeKind(spec: WorkerSpec): RuntimeKind {
  return spec.kind === 'js' ? 'js' : spec.model.definition.runtime;
}

export async function createRuntime(spec: WorkerSpec, context: RuntimeContext): Promise<Runtime> {
  if (spec.kind === 'js') {
    const { JsRuntime } = await import('./js/js-runtime.js');
    return new JsRuntime(spec, context);
  }
  const { model } = spec;
  const definition = model.definition;
  switch (definition.runtime) {
    case 'transformers': {
      const { TransformersRuntime } = await import('./transformers/transformers-runtime.js');
      return new TransformersRuntime({ ...model, definition }, context.logger);
    }
    case 'onnx': {
      const { OnnxRuntime } = await import('./onnx/onnx-runtime.js');
      return new OnnxRuntime({ ...model, definition }, context.logger);
    }
    case 'ocr':
      return createOcr(model);
  }
}

/**
 * OCR: `main/runtimes/ocr/` is maintained separately; its contract is
 * `createOcrRuntime(model: ResolvedModel): Runtime` exported from `ocr/index.ts`.
 */
async function createOcr(model: ResolvedModel): Promise<Runtime> {
  const { createOcrRuntime } = await import('./ocr/index.js');
  return createOcrRuntime(model);
}
