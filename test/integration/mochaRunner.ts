/** Runs mocha inside the VS Code extension host. Test files are bundled, so they are loaded after mocha's globals exist. */
import Mocha from 'mocha';
import { format } from 'node:util';

export interface SuiteOptions {
  /** Per-test time-out in ms. */
  timeout?: number;
}

export function runMochaSuite(loadTests: () => void, options: SuiteOptions = {}): Promise<void> {
  // The web workbench forwards console arguments unformatted; hand it finished lines.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(format(...args));
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: options.timeout ?? 60_000 });
  if (process.env.MLOPS_TEST_GREP) mocha.grep(process.env.MLOPS_TEST_GREP);
  mocha.suite.emit('pre-require', globalThis, 'bundle', mocha);
  loadTests();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed; see the report above.`));
      else resolve();
    });
  });
}
