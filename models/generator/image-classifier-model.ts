/**
 * `image-classifier`: a ViT-shaped image classifier (model_type "vit", ViTForImageClassification)
 * that names the dominant colour: "red", "green" or "blue".
 *
 * Preprocessing (preprocessor_config.json, ViTImageProcessor): resize to 32x32, rescale to [0,1],
 * normalise with mean 0.5 / std 0.5 -> pixel values in [-1, 1].
 *
 * Graph: m = global average of each channel [B,3]; logits = m · W with
 * W = SHARPNESS · (I - 1/3): each class scores how far its channel sits above the average of the
 * three. A pure red image gives logits (13.3, -6.7, -6.7); white or grey images give a tie.
 */
import { GraphBuilder, intAttr, intsAttr } from './onnx-builder.js';
import { jsonBytes, type ModelFolder } from './model-folder.js';

export const COLOR_LABELS = ['red', 'green', 'blue'] as const;
const IMAGE_SIZE = 32;
const SHARPNESS = 10;

function buildGraph(): Uint8Array {
  const g = new GraphBuilder('tiny_color_classifier');
  const pixels = g.input('pixel_values', 'float32', ['batch_size', 3, 'height', 'width']);
  const means = g.op('ReduceMean', [pixels], { axes: intsAttr([2, 3]), keepdims: intAttr(0) }); // [B,3]
  const w = new Float32Array(9);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) w[i * 3 + j] = SHARPNESS * ((i === j ? 1 : 0) - 1 / 3);
  const weight = g.initializer('classifier.weight', 'float32', [3, 3], w);
  const bias = g.initializer('classifier.bias', 'float32', [3], new Float32Array(3));
  g.output('logits', g.op('Add', [g.op('MatMul', [means, weight]), bias]), 'float32', ['batch_size', 3]);
  return g.build({ docString: 'Tiny hand-set colour classifier: channel means -> red/green/blue.' });
}

export function buildImageClassifierModel(): ModelFolder {
  const config = {
    architectures: ['ViTForImageClassification'],
    model_type: 'vit',
    image_size: IMAGE_SIZE,
    patch_size: IMAGE_SIZE,
    num_channels: 3,
    hidden_size: 3,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    intermediate_size: 3,
    id2label: Object.fromEntries(COLOR_LABELS.map((l, i) => [String(i), l])),
    label2id: Object.fromEntries(COLOR_LABELS.map((l, i) => [l, i])),
  };
  const preprocessor = {
    do_normalize: true,
    do_rescale: true,
    do_resize: true,
    image_mean: [0.5, 0.5, 0.5],
    image_processor_type: 'ViTImageProcessor',
    image_std: [0.5, 0.5, 0.5],
    resample: 2,
    rescale_factor: 1 / 255,
    size: { height: IMAGE_SIZE, width: IMAGE_SIZE },
  };
  return new Map([
    ['config.json', jsonBytes(config)],
    ['preprocessor_config.json', jsonBytes(preprocessor)],
    ['onnx/model.onnx', buildGraph()],
  ]);
}
