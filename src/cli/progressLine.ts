import type { CliContext } from './command';

/** A single self-overwriting progress line on stderr, only when stderr is a terminal and output is not JSON. */
export function progressLine(ctx: Pick<CliContext, 'isTTY' | 'json' | 'stderr'>, label: string) {
  const active = ctx.isTTY && !ctx.json;
  let last = 0;
  return {
    update(done: number, total?: number) {
      if (!active) return;
      const now = Date.now();
      if (now - last < 100 && done !== total) return;
      last = now;
      const pct = total ? ` ${Math.floor((100 * done) / total)}%` : '';
      ctx.stderr.write(`\r\x1b[K${label}: ${done}${total ? `/${total}` : ''}${pct}`);
    },
    done() {
      if (active) ctx.stderr.write('\r\x1b[K');
    },
  };
}
