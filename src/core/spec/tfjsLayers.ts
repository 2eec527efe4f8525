/**
 * The layer vocabulary of the built-in tfjs trainer, shared by the spec checks and the trainer itself.
 * A layer in `model.layers` is one object with exactly one layer key (its value is described below)
 * plus any of the options in TFJS_LAYER_OPTIONS, e.g. `{dense: 32, activation: relu}`.
 */

export interface TfjsLayerKind {
  /** What the layer key's value means. */
  value: string;
  check: (value: unknown) => boolean;
}

const positiveInt = (v: unknown) => Number.isInteger(v) && (v as number) > 0;
const rate = (v: unknown) => typeof v === 'number' && v >= 0 && v < 1;
const flag = (v: unknown) =>
  v === true || v === null || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);
const sizeOrShape = (v: unknown) => positiveInt(v) || (Array.isArray(v) && v.length > 0 && v.every(positiveInt));
const shape = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((d) => positiveInt(d) || d === -1);

const FLAG = { value: 'true (no size)', check: flag };

export const TFJS_LAYERS = {
  dense: { value: 'number of units (integer > 0)', check: positiveInt },
  dropout: { value: 'drop rate in [0, 1)', check: rate },
  batchNorm: FLAG,
  layerNorm: FLAG,
  conv1d: { value: 'number of filters (integer > 0); set kernelSize', check: positiveInt },
  conv2d: { value: 'number of filters (integer > 0); set kernelSize', check: positiveInt },
  flatten: FLAG,
  maxPool1d: { value: 'pool size (integer > 0)', check: positiveInt },
  maxPool2d: { value: 'pool size (integer > 0 or [h, w])', check: sizeOrShape },
  avgPool1d: { value: 'pool size (integer > 0)', check: positiveInt },
  avgPool2d: { value: 'pool size (integer > 0 or [h, w])', check: sizeOrShape },
  globalMaxPool1d: FLAG,
  globalMaxPool2d: FLAG,
  globalAvgPool1d: FLAG,
  globalAvgPool2d: FLAG,
  lstm: { value: 'number of units (integer > 0)', check: positiveInt },
  gru: { value: 'number of units (integer > 0)', check: positiveInt },
  embedding: { value: 'output dimension (integer > 0); set inputDim', check: positiveInt },
  reshape: { value: 'target shape, e.g. [28, 28, 1] (-1 allowed once)', check: shape },
} satisfies Record<string, TfjsLayerKind>;

export type TfjsLayerName = keyof typeof TFJS_LAYERS;

/** Every layer key, in the order used in messages and documentation. */
export const TFJS_LAYER_NAMES = Object.keys(TFJS_LAYERS) as TfjsLayerName[];

export const TFJS_ACTIVATIONS = [
  'linear',
  'relu',
  'relu6',
  'elu',
  'selu',
  'sigmoid',
  'hardSigmoid',
  'tanh',
  'softmax',
  'softplus',
  'softsign',
  'swish',
  'mish',
  'gelu',
] as const;

/** Options a layer may carry next to its layer key. */
export const TFJS_LAYER_OPTIONS = [
  'activation',
  'kernelSize',
  'strides',
  'padding',
  'poolSize',
  'useBias',
  'kernelInitializer',
  'l2',
  'inputDim',
  'returnSequences',
  'name',
] as const;

export type TfjsLayerOption = (typeof TFJS_LAYER_OPTIONS)[number];

export function isTfjsLayerName(key: string): key is TfjsLayerName {
  return Object.prototype.hasOwnProperty.call(TFJS_LAYERS, key);
}

/** The layer key of a layer object, when it has exactly one. */
export function layerKind(layer: Record<string, unknown>): TfjsLayerName | null {
  const kinds = Object.keys(layer).filter(isTfjsLayerName);
  return kinds.length === 1 ? kinds[0] : null;
}

export interface LayerProblem {
  message: string;
  /** The offending key inside the layer object, when there is one. */
  key?: string;
}

/**
 * Checks one layer object. Unknown keys are reported by the schema; this checks what a schema cannot say well:
 * exactly one layer key, and a value that fits that layer.
 */
export function checkLayer(layer: Record<string, unknown>, where: string): LayerProblem[] {
  const kinds = Object.keys(layer).filter(isTfjsLayerName);
  if (kinds.length === 0) {
    return [{ message: `${where} has no layer key; use one of: ${TFJS_LAYER_NAMES.join(', ')}` }];
  }
  if (kinds.length > 1) {
    return [
      {
        message: `${where} has ${kinds.length} layer keys (${kinds.join(', ')}); put each layer in its own list item`,
        key: kinds[1],
      },
    ];
  }
  const kind = kinds[0];
  const problems: LayerProblem[] = [];
  if (!TFJS_LAYERS[kind].check(layer[kind])) {
    problems.push({
      message: `${where}.${kind} must be ${TFJS_LAYERS[kind].value} (found ${JSON.stringify(layer[kind])})`,
      key: kind,
    });
  }
  if ((kind === 'conv1d' || kind === 'conv2d') && layer.kernelSize === undefined) {
    problems.push({ message: `${where} (${kind}) needs kernelSize`, key: kind });
  }
  if (kind === 'embedding' && layer.inputDim === undefined) {
    problems.push({ message: `${where} (embedding) needs inputDim, the vocabulary size`, key: kind });
  }
  return problems;
}
