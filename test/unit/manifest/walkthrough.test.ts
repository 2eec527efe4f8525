import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string; altText?: string };
  completionEvents: string[];
}
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { walkthroughs: Array<{ id: string; steps: Step[] }> };
};

describe('Get Started walkthrough', () => {
  const [walkthrough] = manifest.contributes.walkthroughs;

  it('walks sample → run → live panel → compare → register → drift', () => {
    assert.equal(walkthrough.id, 'mlops.getStarted');
    assert.deepEqual(
      walkthrough.steps.map((s) => s.id),
      ['sample', 'run', 'live', 'compare', 'register', 'drift'],
    );
  });

  it('completes each step on the command it teaches, and gives each a markdown page that exists', () => {
    const expected: Record<string, string> = {
      sample: 'onCommand:mlops.createSample',
      run: 'onCommand:mlops.runExperiment',
      live: 'onCommand:mlops.openRun',
      compare: 'onCommand:mlops.compareRuns',
      register: 'onCommand:mlops.registerModel',
      drift: 'onCommand:mlops.checkDrift',
    };
    for (const step of walkthrough.steps) {
      assert.ok(step.completionEvents.includes(expected[step.id]), `${step.id}: ${step.completionEvents.join(', ')}`);
      assert.ok(
        step.description.includes(`(command:${expected[step.id].slice('onCommand:'.length)})`),
        `${step.id} has no button for its command`,
      );
      const page = step.media.markdown ?? step.media.image;
      assert.ok(page && existsSync(join(ROOT, page)), `${step.id}: ${page} is missing`);
    }
  });

  it('ships its media in the package', () => {
    const ignore = readFileSync(join(ROOT, '.vscodeignore'), 'utf8');
    assert.match(ignore, /^!media\/\*\*$/m);
  });
});
