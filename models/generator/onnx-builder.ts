/**
 * A tiny, deterministic ONNX graph builder on top of the protobufjs classes in `onnx-proto`.
 *
 * Why not a Python exporter: the repo must regenerate its test models offline with only Node,
 * and every byte must be reproducible so the committed files can be checked by a test.
 * Determinism comes from: fixed node/initializer naming (counters, no random ids), raw
 * little-endian tensor bytes written through a DataView, and no timestamps in the model.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** ONNX opset used by every generated model (ORT 1.30 supports far newer; 17 keeps it portable). */
export const OPSET_VERSION = 17;
/** IR version 8 matches opset 17 and is what the bundled onnx-proto schema knows. */
export const IR_VERSION = 8;

export type ElemType = 'float32' | 'int64' | 'int32' | 'bool';
/** A dimension: a fixed size, or a symbolic name (dynamic axis such as "batch_size"). */
export type Dim = number | string;

const ELEM_TYPE_CODES: Record<ElemType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
  int32: onnx.TensorProto.DataType.INT32,
  bool: onnx.TensorProto.DataType.BOOL,
};

/** Node attribute values; the kind is explicit because ONNX distinguishes int and float. */
export type Attr =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'ints'; value: readonly number[] }
  | { kind: 'floats'; value: readonly number[] }
  | { kind: 'string'; value: string };

export const intAttr = (value: number): Attr => ({ kind: 'int', value });
export const floatAttr = (value: number): Attr => ({ kind: 'float', value });
export const intsAttr = (value: readonly number[]): Attr => ({ kind: 'ints', value });
export const floatsAttr = (value: readonly number[]): Attr => ({ kind: 'floats', value });
export const stringAttr = (value: string): Attr => ({ kind: 'string', value });

type TensorData = Float32Array | BigInt64Array | Int32Array | Uint8Array;

/** Little-endian raw bytes, independent of the host's endianness. */
function rawBytes(type: ElemType, data: TensorData): Uint8Array {
  const width = type === 'int64' ? 8 : type === 'bool' ? 1 : 4;
  const out = new Uint8Array(data.length * width);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v === undefined) throw new Error('tensor data index out of range');
    if (type === 'float32') view.setFloat32(i * 4, Number(v), true);
    else if (type === 'int32') view.setInt32(i * 4, Number(v), true);
    else if (type === 'int64') view.setBigInt64(i * 8, BigInt(v), true);
    else view.setUint8(i, Number(v) ? 1 : 0);
  }
  return out;
}

function toAttributeProto(name: string, attr: Attr): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  switch (attr.kind) {
    case 'int':
      return { name, type: T.INT, i: attr.value };
    case 'float':
      return { name, type: T.FLOAT, f: attr.value };
    case 'ints':
      return { name, type: T.INTS, ints: [...attr.value] };
    case 'floats':
      return { name, type: T.FLOATS, floats: [...attr.value] };
    case 'string':
      return { name, type: T.STRING, s: new TextEncoder().encode(attr.value) };
  }
}

function valueInfo(name: string, type: ElemType, dims: readonly Dim[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: ELEM_TYPE_CODES[type],
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

export interface ModelMeta {
  /** Free text stored in ModelProto.doc_string: what the model computes and why. */
  docString: string;
}

/**
 * Collects inputs, outputs, initializers and nodes, then serialises them into ONNX bytes.
 * Node outputs are named `<prefix>_<n>` from a counter so the same build code always produces
 * the same graph.
 */
export class GraphBuilder {
  private readonly inputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly outputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly usedNames = new Set<string>();
  private counter = 0;

  constructor(private readonly graphName: string) {}

  private claim(name: string): string {
    if (this.usedNames.has(name)) throw new Error(`duplicate tensor name in graph: ${name}`);
    this.usedNames.add(name);
    return name;
  }

  /** A new, not yet claimed tensor name; the caller claims it when it creates the tensor. */
  private fresh(prefix: string): string {
    this.counter += 1;
    return `${prefix}_${this.counter}`;
  }

  input(name: string, type: ElemType, dims: readonly Dim[]): string {
    this.inputs.push(valueInfo(this.claim(name), type, dims));
    return name;
  }

  /** Declares `source` as a graph output named `name` (an Identity node keeps names readable). */
  output(name: string, source: string, type: ElemType, dims: readonly Dim[]): string {
    this.nodes.push({ opType: 'Identity', input: [source], output: [this.claim(name)], name: `out_${name}` });
    this.outputs.push(valueInfo(name, type, dims));
    return name;
  }

  /** A weight tensor stored in the model. */
  initializer(name: string, type: ElemType, dims: readonly number[], data: TensorData): string {
    const expected = dims.reduce((a, b) => a * b, 1);
    if (expected !== data.length) {
      throw new Error(`initializer ${name}: dims ${dims.join('x')} need ${expected} values, got ${data.length}`);
    }
    this.initializers.push({
      name: this.claim(name),
      dataType: ELEM_TYPE_CODES[type],
      dims: [...dims],
      rawData: rawBytes(type, data),
    });
    return name;
  }

  floatConst(values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.initializer(this.fresh('const_f'), 'float32', dims, Float32Array.from(values));
  }

  int64Const(values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.initializer(this.fresh('const_i'), 'int64', dims, BigInt64Array.from(values.map((v) => BigInt(v))));
  }

  /** Adds a node with one output and returns that output's name. */
  op(opType: string, inputs: readonly string[], attrs: Record<string, Attr> = {}, outName?: string): string {
    const [out] = this.opN(opType, inputs, 1, attrs, outName === undefined ? undefined : [outName]);
    if (out === undefined) throw new Error('unreachable: opN returned no output');
    return out;
  }

  /** Adds a node with `count` outputs. An empty input name marks an omitted optional input. */
  opN(opType: string, inputs: readonly string[], count: number, attrs: Record<string, Attr> = {}, outNames?: readonly string[]): string[] {
    const outputs = Array.from({ length: count }, (_, i) => {
      const given = outNames?.[i];
      return this.claim(given ?? this.fresh(opType.toLowerCase()));
    });
    this.nodes.push({
      opType,
      input: [...inputs],
      output: outputs,
      name: `${opType}_${this.nodes.length}`,
      attribute: Object.keys(attrs)
        .sort()
        .map((k) => {
          const a = attrs[k];
          if (a === undefined) throw new Error(`missing attribute ${k}`);
          return toAttributeProto(k, a);
        }),
    });
    return outputs;
  }

  /** Serialises the graph into an ONNX ModelProto (bytes). */
  build(meta: ModelMeta): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      opsetImport: [{ domain: '', version: OPSET_VERSION }],
      producerName: 'demo-desktop models/generate.ts',
      producerVersion: '1',
      docString: meta.docString,
      graph: {
        name: this.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
