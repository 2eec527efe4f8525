/**
 * Root hook: a unit run that has ended must let its process exit. Something left open (a timer, a watcher, a child
 * process) would otherwise hang `npm test` until CI's own limit; here it fails the run after a grace period instead,
 * listing what kept the process alive.
 */
const GRACE_MS = 30_000;

export const mochaHooks = {
  afterAll(): void {
    const timer = setTimeout(() => {
      const open = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap');
      process.stderr.write(
        `\nThe unit tests ended ${GRACE_MS / 1000} s ago but the process is still alive. Open resources: ` +
          `${open.join(', ') || 'none listed'}. A test leaves something running: find it with \`npx mocha <file>\`.\n`,
      );
      process.exit(1);
    }, GRACE_MS);
    timer.unref();
  },
};
