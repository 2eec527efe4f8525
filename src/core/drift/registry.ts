import { MlopsError } from '../errors';
import type { StatTest, StatTestId } from './statTest';
import { chisquare } from './tests/chisquare';
import { hellinger } from './tests/hellinger';
import { jensenshannon } from './tests/jensenshannon';
import { klDiv } from './tests/klDiv';
import { ks } from './tests/ks';
import { psi } from './tests/psi';
import { wasserstein } from './tests/wasserstein';
import { z } from './tests/z';

/** Every statistical test by name. Adding a test is one module plus one line here. */
export const statTests: Readonly<Record<StatTestId, StatTest>> = {
  ks,
  chisquare,
  z,
  wasserstein,
  jensenshannon,
  psi,
  kl_div: klDiv,
  hellinger,
};

export function isStatTestId(name: string): name is StatTestId {
  return Object.prototype.hasOwnProperty.call(statTests, name);
}

export function statTest(name: string): StatTest {
  if (!isStatTestId(name)) {
    throw new MlopsError(`unknown drift test '${name}'.`, 'bad-input', `Use one of: ${Object.keys(statTests).join(', ')}.`);
  }
  return statTests[name];
}
