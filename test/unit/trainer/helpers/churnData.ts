/** Writes a small, learnable churn dataset (like the quickstart's) as CSV files, deterministically. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLANS = ['basic', 'pro', 'team'];

function rows(n: number, seed: number, startId: number): string[] {
  const r = rng(seed);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const age = Math.round(18 + r() * 50);
    const tenure = Math.round(r() * 60);
    const calls = Math.floor(r() * 8);
    const plan = PLANS[Math.floor(r() * 3)];
    const income = r() < 0.05 ? '' : String(Math.round(20000 + r() * 80000));
    const score = 1.2 * (calls - 3) - 0.08 * (tenure - 30) + (plan === 'basic' ? 1 : plan === 'team' ? -1 : 0);
    const churned = 1 / (1 + Math.exp(-score)) > r() ? 'yes' : 'no';
    out.push(`C${startId + i},${age},${income},${plan},${tenure},${calls},${churned}`);
  }
  return out;
}

export const CHURN_HEADER = 'customer_id,age,income,plan,tenure_months,support_calls,churned';

/** Writes data/train.csv (`train` rows) and data/test.csv (`test` rows) under `dir`; returns their paths. */
export function writeChurnData(dir: string, train = 600, test = 200): { train: string; test: string } {
  mkdirSync(join(dir, 'data'), { recursive: true });
  const paths = { train: join(dir, 'data', 'train.csv'), test: join(dir, 'data', 'test.csv') };
  writeFileSync(paths.train, [CHURN_HEADER, ...rows(train, 1, 0)].join('\n') + '\n');
  writeFileSync(paths.test, [CHURN_HEADER, ...rows(test, 2, train)].join('\n') + '\n');
  return paths;
}

export const churnSpec = {
  name: 'churn-tfjs',
  trainer: 'tfjs' as const,
  params: {},
  data: {
    train: 'data/train.csv',
    test: 'data/test.csv',
    label: 'churned',
    features: ['age', 'income', 'plan', 'tenure_months', 'support_calls'],
  },
  preprocess: {
    standardize: ['age', 'income', 'tenure_months', 'support_calls'],
    onehot: ['plan'],
    impute: 'median' as const,
  },
  model: {
    layers: [
      { dense: 16, activation: 'relu' },
      { dense: 1, activation: 'sigmoid' },
    ],
  },
  train: { epochs: 15, batchSize: 32, optimizer: 'adam' as const, learningRate: 0.01, validationSplit: 0.2 },
};
