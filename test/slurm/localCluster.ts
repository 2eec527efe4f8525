/** The one-node test cluster of scripts/slurm-local.sh, for the Slurm tests (integration, e2e, benchmarks). */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

function nodeUsable(): boolean {
  const sinfo = spawnSync('sinfo', ['-h', '-N', '-o', '%t'], { encoding: 'utf8', timeout: 10_000 });
  return sinfo.status === 0 && /^(idle|mix|alloc)/m.test(sinfo.stdout);
}

/**
 * Makes sure the local cluster answers, starting it with the script when this process may (root). Returns undefined
 * when it is up, else why it is not (the caller prints it and skips).
 */
export function ensureLocalSlurm(repoRoot: string): string | undefined {
  if (spawnSync('sbatch', ['--version'], { encoding: 'utf8' }).error) {
    if (process.getuid?.() !== 0)
      return 'Slurm is not installed (sbatch not on PATH) and this is not root; run scripts/slurm-local.sh as root first';
  } else if (nodeUsable()) return undefined;
  if (process.getuid?.() !== 0)
    return 'the local Slurm cluster is not up and this is not root; run scripts/slurm-local.sh as root first';
  const start = spawnSync('bash', [join(repoRoot, 'scripts', 'slurm-local.sh')], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (start.status !== 0)
    return `scripts/slurm-local.sh could not start the cluster: ${(start.stderr || start.stdout).trim().split('\n').slice(-3).join(' / ')}`;
  return nodeUsable() ? undefined : 'scripts/slurm-local.sh ran but sinfo shows no usable node';
}
