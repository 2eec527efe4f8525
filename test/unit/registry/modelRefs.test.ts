import { strict as assert } from 'node:assert';
import { resolveModelRef } from '../../../src/core/registry/resolveModelRef';
import { emptyRegistry, type ModelVersion, type RegistryData } from '../../../src/core/registry/types';
import type { RunId } from '../../../src/core/tracking/types';

function version(n: number, stage: ModelVersion['stage']): ModelVersion {
  return {
    model: 'churn',
    version: n,
    runId: `run${n}` as RunId,
    experiment: 'e',
    artifact: {
      path: 'a',
      runPath: 'artifacts',
      kind: 'dir',
      sha256: '0'.repeat(64),
      bytes: 0,
      files: [],
      format: null,
    },
    metrics: {},
    schema: null,
    data: [],
    git: null,
    stage,
    createdAt: '2026-11-25T00:00:00.000Z',
    createdBy: 'ana',
  };
}

describe('registry: model references', () => {
  const data: RegistryData = {
    ...emptyRegistry(),
    models: {
      churn: {
        name: 'churn',
        createdAt: '',
        createdBy: 'ana',
        aliases: { champion: 2 },
        versions: [
          version(1, 'archived'),
          version(2, 'production'),
          version(3, 'staging'),
          version(4, 'staging'),
          version(5, null),
        ],
      },
    },
  };
  const resolved = (ref: string) => resolveModelRef(data, ref).version;

  it('resolves name, name:version, name@stage and name@alias', () => {
    assert.equal(resolved('churn'), 5);
    assert.equal(resolved('churn:3'), 3);
    assert.equal(resolved('churn@production'), 2);
    assert.equal(resolved('churn@staging'), 4);
    assert.equal(resolved('churn@archived'), 1);
    assert.equal(resolved('churn@champion'), 2);
  });

  it('says what exists when a reference names nothing', () => {
    assert.throws(() => resolveModelRef(data, 'churn:9'), { kind: 'not-found', hint: 'Versions: 1, 2, 3, 4, 5.' });
    assert.throws(() => resolveModelRef(data, 'churn@challenger'), {
      kind: 'not-found',
      hint: 'Aliases of churn: champion.',
    });
    assert.throws(() => resolveModelRef(data, 'fraud'), { kind: 'not-found', hint: 'Registered models: churn.' });
    assert.throws(() => resolveModelRef(data, 'churn:0'), { kind: 'bad-input' });
    assert.throws(
      () =>
        resolveModelRef(
          { ...data, models: { churn: { ...data.models.churn, versions: [version(1, null)] } } },
          'churn@production',
        ),
      { kind: 'not-found', message: /no version of 'churn' is in production/ },
    );
  });
});
