import { strict as assert } from 'node:assert';
import { parseSpec } from '../../../src/core/spec/parseSpec';

const spec = (executor: string) => parseSpec(`experiments:\n  a:\n    command: x\n    executor: ${executor}\n`);
const messages = (executor: string) => spec(executor).problems.map((p) => `${p.line}:${p.column} ${p.message}`);

describe('slurm: executor in mlops.yaml', () => {
  it('accepts local, slurm and a map of sbatch options', () => {
    assert.deepEqual(messages('slurm'), []);
    const full = spec(
      '{slurm: {partition: gpu, time: "02:00:00", cpus: 8, mem: 32G, gres: "gpu:1", account: lab, extra: ["--constraint=a100"]}}',
    );
    assert.deepEqual(full.problems, []);
    assert.deepEqual(full.spec?.experiments.a.executor, {
      slurm: {
        partition: 'gpu',
        time: '02:00:00',
        cpus: 8,
        mem: '32G',
        gres: 'gpu:1',
        account: 'lab',
        extra: ['--constraint=a100'],
      },
    });
  });

  it('says what is wrong, at its line and column', () => {
    assert.deepEqual(messages('k8s'), [
      '4:15 invalid value for experiments.a.executor: found string "k8s"; allowed: local, slurm',
    ]);
    assert.match(messages('{slurm: {partiton: gpu}}')[0], /^4:24 unknown key 'partiton' .*did you mean 'partition'/);
    assert.match(messages('{slurm: {time: "2h"}}')[0], /executor\.slurm\.time/);
    assert.match(messages('{slurm: {mem: lots}}')[0], /executor\.slurm\.mem/);
    assert.deepEqual(messages('{slurm: {cpus: 0}}'), [
      '4:30 experiments.a.executor.slurm.cpus must be >= 1 (found number 0)',
    ]);
    assert.match(messages('{slurm: {extra: ["; rm -rf /"]}}')[0], /executor\.slurm\.extra\[0\]/);
  });
});
