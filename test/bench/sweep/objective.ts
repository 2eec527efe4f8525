/**
 * The benchmark objective: a simulated validation loss over four mixed dimensions (log-scale learning rate, dropout,
 * layer count, activation) with a mild interaction, minimum 0.1 near lr=1e-3, dropout=0.25, 5 layers, relu.
 * objective.py is the same function for Optuna.
 */
export const ACTIVATIONS = ['relu', 'tanh', 'gelu', 'sigmoid'] as const;
const PENALTY: Record<string, number> = { relu: 0, gelu: 0.02, tanh: 0.08, sigmoid: 0.25 };

export const BENCH_SPACE = {
  lr: { loguniform: [1e-5, 1e-1] as [number, number] },
  dropout: { uniform: [0, 0.6] as [number, number] },
  layers: { int: [1, 8] as [number, number] },
  activation: { values: [...ACTIVATIONS] },
};

export function benchObjective(p: Record<string, unknown>): number {
  const lr = Math.log10(p.lr as number);
  const dropout = p.dropout as number;
  const layers = p.layers as number;
  return (
    0.1 +
    0.15 * (lr + 3) ** 2 +
    0.8 * (dropout - 0.25) ** 2 +
    0.02 * (layers - 5) ** 2 +
    0.03 * (layers - 5) * (dropout - 0.25) +
    PENALTY[p.activation as string]
  );
}

/** Loss after `epoch` (0-based) of `epochs`: decays towards the objective, slower for small learning rates. */
export function learningCurve(p: Record<string, unknown>, epoch: number, noise: number): number {
  const final = benchObjective(p);
  const speed = 0.15 + 0.25 * Math.min(1, Math.max(0, (Math.log10(p.lr as number) + 5) / 4));
  return final + 1.5 * Math.exp(-speed * (epoch + 1)) + noise;
}
