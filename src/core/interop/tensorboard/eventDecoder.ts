import type * as protobuf from 'protobufjs';
import type { EventCollector } from './collector';
import { eventTypes } from './eventSchema';

/* The reference decoder: one record through protobufjs, from the vendored .proto definitions. */

interface LongLike {
  toNumber(): number;
}
type Int64 = number | LongLike;

interface TensorMsg {
  dtype: number;
  tensor_shape?: { dim?: Array<{ size: Int64 }> };
  tensor_content: Uint8Array;
  float_val: number[];
  double_val: number[];
  int_val: number[];
  int64_val: Int64[];
  half_val: number[];
  bool_val: boolean[];
}

interface ValueMsg {
  tag: string;
  metadata?: { plugin_data?: { plugin_name: string; content: Uint8Array } };
  /** The oneof's set member. */
  value?: 'simple_value' | 'obsolete_old_style_histogram' | 'image' | 'histo' | 'audio' | 'tensor';
  simple_value: number;
  tensor?: TensorMsg;
}

interface EventMsg {
  wall_time: number;
  step: Int64;
  what?:
    'file_version' | 'graph_def' | 'summary' | 'log_message' | 'session_log' | 'tagged_run_metadata' | 'meta_graph_def';
  summary?: { value: ValueMsg[] };
}

/** google.protobuf.Value as protobufjs's bundled struct.proto names its fields (camelCase). */
interface StructValue {
  kind?: 'nullValue' | 'numberValue' | 'stringValue' | 'boolValue' | 'structValue' | 'listValue';
  numberValue?: number;
  stringValue?: string;
  boolValue?: boolean;
}

const DT = {
  FLOAT: 1,
  DOUBLE: 2,
  INT32: 3,
  UINT8: 4,
  INT16: 5,
  INT8: 6,
  INT64: 9,
  BOOL: 10,
  UINT16: 17,
  HALF: 19,
  UINT32: 22,
  UINT64: 23,
} as const;
const OLD_STYLE: Record<string, string> = {
  histo: 'histogram',
  image: 'image',
  audio: 'audio',
  obsolete_old_style_histogram: 'histogram',
};

const toNumber = (v: Int64): number => (typeof v === 'number' ? v : v.toNumber());

/** Decodes one Event record into `out`. Returns false when the bytes are not an Event (counted by the caller). */
export function decodeEventRecord(bytes: Uint8Array, out: EventCollector): boolean {
  const types = eventTypes();
  let event: EventMsg;
  try {
    event = types.Event.decode(bytes) as unknown as EventMsg;
  } catch {
    return false;
  }
  const wallMs = Math.round(event.wall_time * 1000);
  const step = toNumber(event.step);
  if (event.what !== 'file_version') out.seen(wallMs);
  if (event.what === 'summary' && event.summary) {
    for (const value of event.summary.value) addValue(value, step, wallMs, out, types.HParamsPluginData);
  } else if (event.what && event.what !== 'file_version') {
    out.skip(event.what.replace(/_/g, ' '));
  }
  return true;
}

function addValue(
  value: ValueMsg,
  step: number,
  wallMs: number,
  out: EventCollector,
  hparamsType: protobuf.Type,
): void {
  const declared = value.metadata?.plugin_data?.plugin_name;
  if (declared) out.pluginOfTag.set(value.tag, declared);
  const plugin = declared || out.pluginOfTag.get(value.tag);
  if (plugin === 'hparams') {
    const content = value.metadata?.plugin_data?.content;
    if (content && content.length > 0) addHparams(hparamsType, content, out);
    return;
  }
  if (value.value === 'simple_value') {
    out.add(value.tag, step, wallMs, value.simple_value);
    return;
  }
  if (value.value === 'tensor' && value.tensor && (plugin === 'scalars' || plugin === undefined)) {
    const scalar = tensorScalar(value.tensor);
    if (scalar !== undefined) out.add(value.tag, step, wallMs, scalar);
    else out.skip(plugin ? `non-scalar tensor of plugin '${plugin}'` : 'tensor without a plugin');
    return;
  }
  if (value.value && OLD_STYLE[value.value]) out.skip(OLD_STYLE[value.value]);
  else out.skip(plugin ? `plugin '${plugin}'` : 'value with no data');
}

function addHparams(type: protobuf.Type, content: Uint8Array, out: EventCollector): void {
  let data: { session_start_info?: { hparams?: Record<string, StructValue> } };
  try {
    data = type.decode(content) as unknown as typeof data;
  } catch {
    out.skip("undecodable plugin 'hparams' content");
    return;
  }
  const hparams = data.session_start_info?.hparams;
  if (!hparams) return;
  for (const [name, v] of Object.entries(hparams)) {
    if (v.kind === 'numberValue') out.params[name] = v.numberValue;
    else if (v.kind === 'stringValue') out.params[name] = v.stringValue;
    else if (v.kind === 'boolValue') out.params[name] = v.boolValue;
  }
}

/** The single value of a scalar tensor (shape [] or [1]), else undefined. */
export function tensorScalar(t: TensorMsg): number | undefined {
  const dims = t.tensor_shape?.dim ?? [];
  if (dims.reduce((n, d) => n * toNumber(d.size), 1) !== 1) return undefined;
  const c = t.tensor_content;
  const view = c && c.length > 0 ? new DataView(c.buffer, c.byteOffset, c.byteLength) : undefined;
  switch (t.dtype) {
    case DT.FLOAT:
      return view ? (view.byteLength >= 4 ? view.getFloat32(0, true) : undefined) : t.float_val[0];
    case DT.DOUBLE:
      return view ? (view.byteLength >= 8 ? view.getFloat64(0, true) : undefined) : t.double_val[0];
    case DT.HALF:
      return view
        ? view.byteLength >= 2
          ? halfToNumber(view.getUint16(0, true))
          : undefined
        : t.half_val.length
          ? halfToNumber(t.half_val[0])
          : undefined;
    case DT.INT32:
    case DT.INT16:
    case DT.INT8:
    case DT.UINT8:
    case DT.UINT16:
      return view ? intFromContent(view, t.dtype) : t.int_val[0];
    case DT.INT64:
      return view
        ? view.byteLength >= 8
          ? Number(view.getBigInt64(0, true))
          : undefined
        : t.int64_val.length
          ? toNumber(t.int64_val[0])
          : undefined;
    case DT.BOOL:
      return view ? view.getUint8(0) : t.bool_val.length ? Number(t.bool_val[0]) : undefined;
    default:
      return undefined;
  }
}

function intFromContent(view: DataView, dtype: number): number | undefined {
  const size = dtype === DT.INT32 ? 4 : dtype === DT.INT16 || dtype === DT.UINT16 ? 2 : 1;
  if (view.byteLength < size) return undefined;
  if (dtype === DT.INT32) return view.getInt32(0, true);
  if (dtype === DT.INT16) return view.getInt16(0, true);
  if (dtype === DT.UINT16) return view.getUint16(0, true);
  return dtype === DT.INT8 ? view.getInt8(0) : view.getUint8(0);
}

function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}
