import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSpec } from '../../../src/core/spec/parseSpec';

/** Each mlops.yaml snippet, expanded with its defaults, is a valid part of a spec. */
const ROOT = join(__dirname, '..', '..', '..');
type Snippet = { prefix: string[]; body: string[]; description: string };
const snippets = JSON.parse(readFileSync(join(ROOT, 'snippets/mlops-yaml.json'), 'utf8')) as Record<string, Snippet>;

/** What VS Code inserts when the user accepts every default: first choices, placeholder texts, no tab stops. */
function expand(body: string[], indent: string): string {
  const text = body
    .join('\n')
    .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\\\$/g, '$');
  return text
    .split('\n')
    .map((line) => (line === '' ? line : indent + line))
    .join('\n');
}

const bySection = (prefix: string) => Object.values(snippets).find((s) => s.prefix[0] === prefix)!;

describe('mlops.yaml snippets', () => {
  it('offers an experiment, a tfjs experiment, a model with gates, a monitor and a sweep', () => {
    assert.deepEqual(
      Object.values(snippets)
        .map((s) => s.prefix[0])
        .sort(),
      ['mlops-experiment', 'mlops-model', 'mlops-monitor', 'mlops-sweep', 'mlops-tfjs'],
    );
  });

  it('expand, with their defaults, into a spec that parses without a problem', () => {
    const text = [
      'experiments:',
      expand(bySection('mlops-experiment').body, '  '),
      expand(bySection('mlops-sweep').body, '    '),
      expand(bySection('mlops-tfjs').body, '  '),
      'models:',
      expand(bySection('mlops-model').body, '  '),
      'monitors:',
      expand(bySection('mlops-monitor').body, '  '),
    ].join('\n');
    const result = parseSpec(text);
    assert.deepEqual(result.problems, [], text);
    assert.deepEqual(Object.keys(result.spec!.experiments), ['my-experiment', 'my-mlp']);
    assert.deepEqual(result.spec!.experiments['my-experiment'].command, [
      'python',
      'train.py',
      '--lr',
      '${params.lr}',
      '--epochs',
      '${params.epochs}',
    ]);
    assert.equal(result.spec!.experiments['my-experiment'].sweep?.method, 'grid');
    assert.deepEqual(result.spec!.models['my-model'].gates, ['val_accuracy >= 0.8', 'drift.share < 0.5']);
    assert.equal(result.spec!.monitors['my-model-live'].model, 'my-model@production');
  });

  it('are contributed for YAML files', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      contributes: { snippets?: Array<{ language: string; path: string }> };
    };
    assert.deepEqual(manifest.contributes.snippets, [{ language: 'yaml', path: './snippets/mlops-yaml.json' }]);
  });
});
