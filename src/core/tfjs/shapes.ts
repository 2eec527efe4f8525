/** Shape inference for the declarative layers: what each layer makes of its input, or why it cannot take it. */
import type { ParsedLayer, Padding } from './layerSpec';

/** A shape without the batch dimension; null marks a size only known once the data is read. */
export type Shape = Array<number | null>;

export type ShapeStep = { shape: Shape; warning?: string } | { error: string };

export function describeShape(shape: Shape): string {
  if (shape.length === 1) return shape[0] === null ? 'a flat feature vector' : `a flat vector of ${shape[0]} features`;
  return `shape [${shape.map((d) => d ?? '?').join(', ')}]`;
}

function windowOut(size: number | null, kernel: number, stride: number, padding: Padding): number | null {
  if (size === null) return null;
  return padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - kernel) / stride) + 1;
}

function sizeOf(shape: Shape): number | null {
  return shape.some((d) => d === null) ? null : shape.reduce<number>((a, d) => a * (d as number), 1);
}

function rankError(kind: string, input: Shape, rank: number): ShapeStep | null {
  if (input.length === rank) return null;
  const what = rank === 2 ? '[steps, channels]' : '[height, width, channels]';
  const example = rank === 2 ? '[100, 1]' : '[28, 28, 1]';
  const hint =
    input.length === 1
      ? `; declare the array column under preprocess.arrays with a shape such as ${example} and make it the only feature (data.features), or add a reshape layer`
      : '';
  return { error: `${kind} needs a ${what} input, but its input is ${describeShape(input)}${hint}` };
}

function windowed(
  kind: string,
  input: Shape,
  kernel: number[],
  strides: number[],
  padding: Padding,
  channels: number | null,
): ShapeStep {
  const rank = kernel.length + 1;
  const bad = rankError(kind, input, rank);
  if (bad) return bad;
  const sizes = kernel.map((k, i) => windowOut(input[i], k, strides[i], padding));
  const tooBig = sizes.findIndex((s) => s !== null && s <= 0);
  if (tooBig >= 0) {
    return {
      error: `${kind} window ${kernel.join('×')} does not fit its input (${describeShape(input)}); use padding: same or a smaller window`,
    };
  }
  return { shape: [...sizes, channels] };
}

function reshape(input: Shape, target: number[]): ShapeStep {
  const free = target.filter((d) => d === -1).length;
  if (free > 1) return { error: `reshape target [${target.join(', ')}] may hold -1 at most once` };
  const total = sizeOf(input);
  const fixed = target.filter((d) => d !== -1).reduce((a, d) => a * d, 1);
  if (total === null) return { shape: target.map((d) => (d === -1 ? null : d)) };
  if (free === 0 ? fixed !== total : total % fixed !== 0) {
    return { error: `reshape to [${target.join(', ')}] does not fit ${describeShape(input)} (${total} values)` };
  }
  return { shape: target.map((d) => (d === -1 ? total / fixed : d)) };
}

/** The output shape of `layer` for `input`, or an error naming the mismatch and what to change. */
export function inferOutputShape(layer: ParsedLayer, input: Shape): ShapeStep {
  switch (layer.kind) {
    case 'dense':
      return { shape: [...input.slice(0, -1), layer.units] };
    case 'dropout':
    case 'batchNorm':
    case 'layerNorm':
      return { shape: input };
    case 'flatten':
      return input.length === 1
        ? { shape: input, warning: 'flatten on a flat input has no effect' }
        : { shape: [sizeOf(input)] };
    case 'conv1d':
      return windowed(layer.kind, input, [layer.kernelSize], [layer.strides], layer.padding, layer.filters);
    case 'maxPool1d':
    case 'avgPool1d':
      return windowed(layer.kind, input, [layer.poolSize], [layer.strides], layer.padding, input[1] ?? null);
    case 'conv2d':
      return windowed(layer.kind, input, layer.kernelSize, layer.strides, layer.padding, layer.filters);
    case 'maxPool2d':
    case 'avgPool2d':
      return windowed(layer.kind, input, layer.poolSize, layer.strides, layer.padding, input[2] ?? null);
    case 'globalMaxPool1d':
    case 'globalAvgPool1d':
      return rankError(layer.kind, input, 2) ?? { shape: [input[1]] };
    case 'globalMaxPool2d':
    case 'globalAvgPool2d':
      return rankError(layer.kind, input, 3) ?? { shape: [input[2]] };
    case 'lstm':
    case 'gru':
      return (
        rankError(layer.kind, input, 2) ?? { shape: layer.returnSequences ? [input[0], layer.units] : [layer.units] }
      );
    case 'embedding':
      if (input.length !== 1)
        return { error: `embedding needs a flat vector of integer ids, but its input is ${describeShape(input)}` };
      return { shape: [input[0], layer.outputDim] };
    case 'reshape':
      return reshape(input, layer.targetShape);
  }
}
