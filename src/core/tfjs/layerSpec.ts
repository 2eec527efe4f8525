/**
 * Turns `model.layers` entries such as `{dense: 32, activation: relu}` into typed layers for the trainer.
 * The vocabulary (layer keys, options, value checks) is the spec's own, from src/core/spec/tfjsLayers.ts;
 * this adds what the trainer needs: typed, defaulted options and checks of each option's value.
 * Pure: no tfjs import, so the spec checks can use it before any training.
 */
import type { TfjsLayerSpec } from '../spec/types';
import {
  TFJS_ACTIVATIONS,
  TFJS_LAYER_OPTIONS,
  checkLayer,
  isTfjsLayerName,
  type TfjsLayerName,
} from '../spec/tfjsLayers';

export type PathSegment = string | number;

export interface TfjsProblem {
  /** e.g. "experiments.churn.model.layers[2]" or "experiments.churn.model.layers[2].kernelSize". */
  path: string;
  /** The same path as segments, for mapping to a YAML range: ['experiments', 'churn', 'model', 'layers', 2]. */
  segments: PathSegment[];
  message: string;
  severity: 'error' | 'warning';
}

export function pathString(segments: readonly PathSegment[]): string {
  return segments.reduce<string>((acc, s) => (typeof s === 'number' ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '');
}

export function problem(
  segments: PathSegment[],
  message: string,
  severity: TfjsProblem['severity'] = 'error',
): TfjsProblem {
  return { path: pathString(segments), segments, message, severity };
}

export type Activation = (typeof TFJS_ACTIVATIONS)[number];
export type Padding = 'valid' | 'same';
type Pair = [number, number];

/** Options shared by layers with weights. */
export interface WeightOptions {
  kernelInitializer?: string;
  l2?: number;
  name?: string;
}

export type ParsedLayer = WeightOptions &
  (
    | { kind: 'dense'; units: number; activation: Activation; useBias: boolean }
    | { kind: 'dropout'; rate: number }
    | { kind: 'batchNorm' | 'layerNorm' | 'flatten' }
    | {
        kind: 'conv1d';
        filters: number;
        kernelSize: number;
        strides: number;
        padding: Padding;
        activation: Activation;
        useBias: boolean;
      }
    | {
        kind: 'conv2d';
        filters: number;
        kernelSize: Pair;
        strides: Pair;
        padding: Padding;
        activation: Activation;
        useBias: boolean;
      }
    | { kind: 'maxPool1d' | 'avgPool1d'; poolSize: number; strides: number; padding: Padding }
    | { kind: 'maxPool2d' | 'avgPool2d'; poolSize: Pair; strides: Pair; padding: Padding }
    | { kind: 'globalMaxPool1d' | 'globalAvgPool1d' | 'globalMaxPool2d' | 'globalAvgPool2d' }
    | { kind: 'lstm' | 'gru'; units: number; activation: Activation; returnSequences: boolean }
    | { kind: 'embedding'; outputDim: number; inputDim: number }
    | { kind: 'reshape'; targetShape: number[] }
  );

export type LayerKind = TfjsLayerName;

/** Layers whose gradients the wasm backend lacks (Conv2DBackpropFilter, UnsortedSegmentSum), so wasm cannot train them. */
export const LAYERS_WITHOUT_WASM_GRADIENTS: ReadonlySet<LayerKind> = new Set<LayerKind>([
  'conv1d',
  'conv2d',
  'embedding',
]);

/** Which options make sense on which layer; `name` fits every layer. */
const OPTIONS_BY_KIND: Partial<Record<LayerKind, readonly string[]>> = {
  dense: ['activation', 'useBias', 'kernelInitializer', 'l2'],
  conv1d: ['activation', 'useBias', 'kernelInitializer', 'l2', 'kernelSize', 'strides', 'padding'],
  conv2d: ['activation', 'useBias', 'kernelInitializer', 'l2', 'kernelSize', 'strides', 'padding'],
  maxPool1d: ['strides', 'padding'],
  maxPool2d: ['strides', 'padding'],
  avgPool1d: ['strides', 'padding'],
  avgPool2d: ['strides', 'padding'],
  lstm: ['activation', 'kernelInitializer', 'l2', 'returnSequences'],
  gru: ['activation', 'kernelInitializer', 'l2', 'returnSequences'],
  embedding: ['inputDim', 'kernelInitializer', 'l2'],
};

export const KERNEL_INITIALIZERS = [
  'glorotUniform',
  'glorotNormal',
  'heUniform',
  'heNormal',
  'leCunUniform',
  'leCunNormal',
  'zeros',
  'ones',
];

class OptionReader {
  constructor(
    private readonly layer: Record<string, unknown>,
    private readonly at: PathSegment[],
    private readonly problems: TfjsProblem[],
  ) {}

  private fail(key: string, message: string): void {
    this.problems.push(problem([...this.at, key], message));
  }

  positiveInt(key: string, fallback: number): number {
    const v = this.layer[key] ?? fallback;
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
    this.fail(key, `${key} must be a positive integer, got ${JSON.stringify(v)}`);
    return fallback;
  }

  pair(key: string, fallback: number | Pair): Pair {
    const v = this.layer[key] ?? fallback;
    const arr = typeof v === 'number' ? [v, v] : v;
    if (
      Array.isArray(arr) &&
      arr.length === 2 &&
      arr.every((n) => typeof n === 'number' && Number.isInteger(n) && n > 0)
    )
      return [arr[0], arr[1]];
    this.fail(key, `${key} must be a positive integer or a pair [h, w] of them, got ${JSON.stringify(v)}`);
    return [1, 1];
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.layer[key] ?? fallback;
    if (typeof v === 'boolean') return v;
    this.fail(key, `${key} must be true or false, got ${JSON.stringify(v)}`);
    return fallback;
  }

  activation(fallback: Activation): Activation {
    const v = this.layer.activation ?? fallback;
    if (typeof v === 'string' && (TFJS_ACTIVATIONS as readonly string[]).includes(v)) return v as Activation;
    this.fail('activation', `unknown activation ${JSON.stringify(v)}; use one of ${TFJS_ACTIVATIONS.join(', ')}`);
    return fallback;
  }

  padding(): Padding {
    const v = this.layer.padding ?? 'valid';
    if (v === 'valid' || v === 'same') return v;
    this.fail('padding', `padding must be "valid" or "same", got ${JSON.stringify(v)}`);
    return 'valid';
  }

  weights(): WeightOptions {
    const out: WeightOptions = {};
    const { kernelInitializer: init, l2, name } = this.layer;
    if (init !== undefined) {
      if (typeof init === 'string' && KERNEL_INITIALIZERS.includes(init)) out.kernelInitializer = init;
      else
        this.fail(
          'kernelInitializer',
          `kernelInitializer must be one of ${KERNEL_INITIALIZERS.join(', ')}, got ${JSON.stringify(init)}`,
        );
    }
    if (l2 !== undefined) {
      if (typeof l2 === 'number' && l2 >= 0) out.l2 = l2;
      else this.fail('l2', `l2 must be a number ≥ 0, got ${JSON.stringify(l2)}`);
    }
    if (name !== undefined) {
      if (typeof name === 'string' && /^[A-Za-z][\w-]*$/.test(name)) out.name = name;
      else
        this.fail(
          'name',
          `name must start with a letter and hold only letters, digits, _ and -, got ${JSON.stringify(name)}`,
        );
    }
    return out;
  }
}

function buildLayer(kind: LayerKind, main: unknown, r: OptionReader): ParsedLayer {
  const w = r.weights();
  const n = typeof main === 'number' ? main : 1;
  switch (kind) {
    case 'dense':
      return { ...w, kind, units: n, activation: r.activation('linear'), useBias: r.bool('useBias', true) };
    case 'dropout':
      return { ...w, kind, rate: typeof main === 'number' ? main : 0 };
    case 'batchNorm':
    case 'layerNorm':
    case 'flatten':
    case 'globalMaxPool1d':
    case 'globalAvgPool1d':
    case 'globalMaxPool2d':
    case 'globalAvgPool2d':
      return { ...w, kind };
    case 'conv1d':
      return {
        ...w,
        kind,
        filters: n,
        kernelSize: r.positiveInt('kernelSize', 3),
        strides: r.positiveInt('strides', 1),
        padding: r.padding(),
        activation: r.activation('relu'),
        useBias: r.bool('useBias', true),
      };
    case 'conv2d':
      return {
        ...w,
        kind,
        filters: n,
        kernelSize: r.pair('kernelSize', 3),
        strides: r.pair('strides', 1),
        padding: r.padding(),
        activation: r.activation('relu'),
        useBias: r.bool('useBias', true),
      };
    case 'maxPool1d':
    case 'avgPool1d':
      return { ...w, kind, poolSize: n, strides: r.positiveInt('strides', n), padding: r.padding() };
    case 'maxPool2d':
    case 'avgPool2d': {
      const poolSize: Pair = Array.isArray(main) && main.length === 2 ? [main[0], main[1]] : [n, n];
      return { ...w, kind, poolSize, strides: r.pair('strides', poolSize), padding: r.padding() };
    }
    case 'lstm':
    case 'gru':
      return {
        ...w,
        kind,
        units: n,
        activation: r.activation('tanh'),
        returnSequences: r.bool('returnSequences', false),
      };
    case 'embedding':
      return { ...w, kind, outputDim: n, inputDim: r.positiveInt('inputDim', 1) };
    case 'reshape':
      return { ...w, kind, targetShape: Array.isArray(main) ? (main as number[]) : [n] };
  }
}

/**
 * Parses one `model.layers` entry at `at` (the path of the entry). Returns null, with problems, when the entry
 * cannot be read as a layer; otherwise the layer with defaults filled in (problems may still hold option errors).
 * `includeSpecChecks: false` leaves out the findings of the spec's own `checkLayer`.
 */
export function parseLayerSpec(
  entry: TfjsLayerSpec,
  at: PathSegment[],
  problems: TfjsProblem[],
  options: { includeSpecChecks?: boolean } = {},
): ParsedLayer | null {
  const report = options.includeSpecChecks !== false;
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    if (report)
      problems.push(
        problem(
          at,
          `${pathString(at)} must be a mapping such as {dense: 32, activation: relu}, got ${JSON.stringify(entry)}`,
        ),
      );
    return null;
  }
  const basic = checkLayer(entry, pathString(at));
  if (report) for (const p of basic) problems.push(problem(p.key ? [...at, p.key] : at, p.message));
  const kinds = Object.keys(entry).filter(isTfjsLayerName);
  if (kinds.length !== 1) return null;
  const kind = kinds[0];
  const allowed = new Set(['name', ...(OPTIONS_BY_KIND[kind] ?? [])]);
  for (const key of Object.keys(entry)) {
    if (key === kind || allowed.has(key)) continue;
    const known = (TFJS_LAYER_OPTIONS as readonly string[]).includes(key);
    const list = [...allowed].join(', ');
    problems.push(
      problem(
        [...at, key],
        known
          ? `${kind} does not take ${key} (it takes ${list})`
          : `unknown option "${key}" for ${kind} (it takes ${list})`,
      ),
    );
  }
  return basic.length > 0 ? null : buildLayer(kind, entry[kind], new OptionReader(entry, at, problems));
}
