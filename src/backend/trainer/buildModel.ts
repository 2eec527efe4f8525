/** Turns parsed declarative layers into a compiled tfjs model. */
import type { ParsedLayer } from '../../core/tfjs/layerSpec';
import type { LabelEncoder } from '../../core/tfjs/labels';
import type { Shape } from '../../core/tfjs/shapes';
import type { OptimizerName } from '../../core/tfjs/trainSettings';
import type { Tf } from './tf';

type Layer = Parameters<ReturnType<Tf['sequential']>['add']>[0];
type Model = Awaited<ReturnType<Tf['loadLayersModel']>>;

export interface BuildOptions {
  layers: ParsedLayer[];
  /** Input shape of each layer, from shape inference (flatten on a flat input is skipped). */
  inputShapes: Shape[];
  inputShape: number[];
  seed: number;
}

function weightOptions(tf: Tf, layer: ParsedLayer, seed: number) {
  const out: Record<string, unknown> = {};
  const init = layer.kernelInitializer ?? 'glorotUniform';
  if (init === 'zeros' || init === 'ones') out.kernelInitializer = init;
  else
    out.kernelInitializer = (tf.initializers as unknown as Record<string, (c: { seed: number }) => unknown>)[init]({
      seed,
    });
  if (layer.l2 !== undefined) out.kernelRegularizer = tf.regularizers.l2({ l2: layer.l2 });
  if (layer.name) out.name = layer.name;
  return out;
}

function makeLayer(tf: Tf, layer: ParsedLayer, seed: number): Layer {
  const L = tf.layers;
  const named = layer.name ? { name: layer.name } : {};
  switch (layer.kind) {
    case 'dense':
      return L.dense({
        units: layer.units,
        activation: layer.activation,
        useBias: layer.useBias,
        ...weightOptions(tf, layer, seed),
      });
    case 'dropout':
      return L.dropout({ rate: layer.rate, seed, ...named });
    case 'batchNorm':
      return L.batchNormalization(named);
    case 'layerNorm':
      return L.layerNormalization(named);
    case 'flatten':
      return L.flatten(named);
    case 'conv1d':
      return L.conv1d({
        filters: layer.filters,
        kernelSize: layer.kernelSize,
        strides: layer.strides,
        padding: layer.padding,
        activation: layer.activation,
        useBias: layer.useBias,
        ...weightOptions(tf, layer, seed),
      });
    case 'conv2d':
      return L.conv2d({
        filters: layer.filters,
        kernelSize: layer.kernelSize,
        strides: layer.strides,
        padding: layer.padding,
        activation: layer.activation,
        useBias: layer.useBias,
        ...weightOptions(tf, layer, seed),
      });
    case 'maxPool1d':
      return L.maxPooling1d({ poolSize: layer.poolSize, strides: layer.strides, padding: layer.padding, ...named });
    case 'avgPool1d':
      return L.averagePooling1d({ poolSize: layer.poolSize, strides: layer.strides, padding: layer.padding, ...named });
    case 'maxPool2d':
      return L.maxPooling2d({ poolSize: layer.poolSize, strides: layer.strides, padding: layer.padding, ...named });
    case 'avgPool2d':
      return L.averagePooling2d({ poolSize: layer.poolSize, strides: layer.strides, padding: layer.padding, ...named });
    case 'globalMaxPool1d':
      return L.globalMaxPooling1d(named);
    case 'globalAvgPool1d':
      return L.globalAveragePooling1d(named);
    case 'globalMaxPool2d':
      return L.globalMaxPooling2d(named);
    case 'globalAvgPool2d':
      return L.globalAveragePooling2d(named);
    case 'lstm':
      return L.lstm({
        units: layer.units,
        activation: layer.activation,
        returnSequences: layer.returnSequences,
        ...weightOptions(tf, layer, seed),
      });
    case 'gru':
      return L.gru({
        units: layer.units,
        activation: layer.activation,
        returnSequences: layer.returnSequences,
        ...weightOptions(tf, layer, seed),
      });
    case 'embedding': {
      const w = weightOptions(tf, layer, seed);
      return L.embedding({
        inputDim: layer.inputDim,
        outputDim: layer.outputDim,
        embeddingsInitializer: w.kernelInitializer as never,
        name: layer.name,
      });
    }
    case 'reshape':
      return L.reshape({ targetShape: layer.targetShape, ...named });
  }
}

/** A sequential model of `layers`, uncompiled. */
export function buildModel(tf: Tf, options: BuildOptions): Model {
  const model = tf.sequential();
  model.add(tf.layers.inputLayer({ inputShape: options.inputShape }));
  options.layers.forEach((layer, i) => {
    if (layer.kind === 'flatten' && options.inputShapes[i]?.length === 1) return;
    model.add(makeLayer(tf, layer, options.seed + i));
  });
  return model;
}

export function makeOptimizer(tf: Tf, name: OptimizerName, learningRate: number) {
  return tf.train[name](learningRate);
}

export function lossFor(label: LabelEncoder): { loss: string; metrics: string[] } {
  if (label.task === 'regression') return { loss: 'meanSquaredError', metrics: ['mae'] };
  return {
    loss: label.encoding === 'binary' ? 'binaryCrossentropy' : 'categoricalCrossentropy',
    metrics: ['accuracy'],
  };
}

export function compileModel(
  tf: Tf,
  model: Model,
  label: LabelEncoder,
  optimizer: OptimizerName,
  learningRate: number,
): void {
  model.compile({ optimizer: makeOptimizer(tf, optimizer, learningRate), ...lossFor(label) });
}

export type { Model };
