import { MlopsError } from '../errors';
import { closestName } from '../spec/closestName';
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

/** What users may write where a test is chosen: `auto` (picked by column type and size) or a test's name. */
export const TEST_CHOICES: readonly string[] = ['auto', ...Object.keys(statTests)];

export type TestChoice = StatTestId | 'auto';

export function isStatTestId(name: string): name is StatTestId {
  return Object.prototype.hasOwnProperty.call(statTests, name);
}

/**
 * The one lookup of a test choice by name. An unknown name is an MlopsError naming it, where it was written
 * (e.g. "in monitors.live.tests.age") and the allowed names, with the closest as a suggestion.
 */
export function testChoice(name: string, where?: string): TestChoice {
  if (name === 'auto' || isStatTestId(name)) return name;
  const suggestion = closestName(name, TEST_CHOICES);
  throw new MlopsError(
    `unknown drift test '${name}'${where ? ` ${where}` : ''}${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`,
    'bad-input',
    `Use one of: ${TEST_CHOICES.join(', ')}.`,
  );
}

/** A registered test by name (not `auto`, which picks one per column); unknown names throw as in testChoice. */
export function statTest(name: string, where?: string): StatTest {
  if (testChoice(name, where) === 'auto') {
    throw new MlopsError(
      `'auto' is not a single drift test${where ? ` ${where}` : ''}`,
      'bad-input',
      `Use one of: ${Object.keys(statTests).join(', ')}.`,
    );
  }
  return statTests[name as StatTestId];
}

/** Per-column test choices checked by name; `auto` entries are dropped, since automatic is what no entry means. */
export function columnTestChoices(
  tests: Readonly<Record<string, string>> | undefined,
  where: (column: string) => string,
): Record<string, StatTestId> {
  const out: Record<string, StatTestId> = {};
  for (const [column, name] of Object.entries(tests ?? {})) {
    const choice = testChoice(name, where(column));
    if (choice !== 'auto') out[column] = choice;
  }
  return out;
}
