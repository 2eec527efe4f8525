import { delimiter } from 'node:path';
import { MlopsError } from '../../core/errors';
import { formatCommandLine, quotePosix } from '../../core/spec/shellQuote';
import type { SlurmOptions } from '../../core/spec/types';
import { runPaths } from '../../core/store/layout';
import { EXIT_STATUS_FILE, WRAPPER_BODY } from '../process/exitStatus';
import type { ClientPaths } from '../runs/clientPaths';

/** Written next to run.json by the job when it starts: the node and the GPUs Slurm gave it. */
export const SLURM_ALLOC_FILE = 'slurm_alloc.json';
export const SLURM_SCRIPT_FILE = 'slurm.sh';

export interface SbatchInput {
  runId: string;
  runDir: string;
  workspace: string;
  experiment: string;
  /** argv[0] is the executable; a string command from the spec is ['/bin/sh', '-c', command]. */
  argv: string[];
  cwd: string;
  /** The experiment's own environment variables. */
  env: Record<string, string>;
  params: Record<string, unknown>;
  /** GPUs the experiment asks for (`gpus: N`): `--gres=gpu:N` unless the options name their own gres. */
  gpus: number;
  options: SlurmOptions;
  clients: ClientPaths;
}

export interface SbatchJob {
  /** The batch script, written to `<runDir>/slurm.sh`. */
  script: string;
  /** sbatch's arguments before the script path. `--hold`: the job waits until its id is recorded in run.json. */
  args: string[];
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Job names show in squeue; Slurm accepts most characters, but a name that reads well in a terminal helps. */
export function jobName(experiment: string): string {
  return `mlops:${experiment.replace(/[^A-Za-z0-9_.:-]+/g, '_')}`.slice(0, 64);
}

function sbatchOptions(o: SlurmOptions, gpus: number): string[] {
  const args: string[] = [];
  if (o.partition) args.push(`--partition=${o.partition}`);
  if (o.time) args.push(`--time=${o.time}`);
  if (o.cpus) args.push(`--cpus-per-task=${o.cpus}`);
  if (o.mem) args.push(`--mem=${o.mem}`);
  if (o.gres) args.push(`--gres=${o.gres}`);
  else if (gpus > 0) args.push(`--gres=gpu:${gpus}`);
  if (o.account) args.push(`--account=${o.account}`);
  if (o.qos) args.push(`--qos=${o.qos}`);
  for (const extra of o.extra ?? []) {
    if (!/^--[A-Za-z]/.test(extra)) {
      throw new MlopsError(
        `executor.slurm.extra item '${extra}' is not an sbatch option`,
        'bad-input',
        'Write each as one --name=value argument, e.g. "--constraint=a100".',
      );
    }
    args.push(extra);
  }
  return args;
}

const exportLine = (name: string, value: string) => `export ${name}=${quotePosix(value)}`;
const prependLine = (name: string, dir: string) =>
  `export ${name}=${quotePosix(dir)}"\${${name}:+${delimiter}$${name}}"`;

/**
 * The sbatch job of a run: the logging protocol's environment (as buildRunEnv sets it for local runs), `cd` to the
 * experiment's folder, and the local runs' exit-status wrapper, so `<runDir>/exit_status` says how the command ended
 * on the node. Output goes to the run's log.txt (appended), which is the Slurm output file. CUDA_VISIBLE_DEVICES is
 * left as Slurm sets it from the job's GPUs, and recorded with the node in slurm_alloc.json.
 */
export function buildSbatchJob(input: SbatchInput): SbatchJob {
  if (input.argv.length === 0)
    throw new MlopsError(
      `experiment ${input.experiment} has no command to submit to Slurm`,
      'bad-input',
      'The tfjs trainer runs locally only; use executor: local for it.',
    );
  for (const name of Object.keys(input.env)) {
    if (!ENV_NAME.test(name))
      throw new MlopsError(
        `env variable name '${name}' of experiment ${input.experiment} cannot be exported in a batch script`,
        'bad-input',
        'Use letters, digits and _ (not first).',
      );
  }
  const runDir = input.runDir;
  const lines = [
    '#!/bin/sh',
    `# mlops-workbench: run ${input.runId} of experiment ${input.experiment}, submitted to Slurm. Written for this run.`,
    ...Object.entries(input.env).map(([k, v]) => exportLine(k, v)),
    exportLine('MLOPS_RUN_ID', input.runId),
    exportLine('MLOPS_RUN_DIR', runDir),
    exportLine('MLOPS_WORKSPACE', input.workspace),
    exportLine('MLOPS_PARAMS', JSON.stringify(input.params)),
    ...(input.clients.python ? [prependLine('PYTHONPATH', input.clients.python)] : []),
    ...(input.clients.node ? [prependLine('NODE_PATH', input.clients.node)] : []),
    'export PYTHONUNBUFFERED="${PYTHONUNBUFFERED:-1}"',
    'unset ELECTRON_RUN_AS_NODE',
    `printf '{"jobId":"%s","node":"%s","cuda":"%s"}\\n' "\${SLURM_JOB_ID-}" "$(hostname)" "\${CUDA_VISIBLE_DEVICES-}" > ${quotePosix(`${runDir}/${SLURM_ALLOC_FILE}`)}`,
    'echo "mlops: Slurm job ${SLURM_JOB_ID-} on $(hostname)${CUDA_VISIBLE_DEVICES:+, CUDA_VISIBLE_DEVICES=$CUDA_VISIBLE_DEVICES}"',
    `f=${quotePosix(`${runDir}/${EXIT_STATUS_FILE}`)}`,
    `cd ${quotePosix(input.cwd)} || { echo "mlops: working directory ${input.cwd.replace(/["$`\\]/g, '_')} is not there on $(hostname)"; printf '1\\n' > "$f"; exit 1; }`,
    `set -- ${formatCommandLine(input.argv, 'linux')}`,
    WRAPPER_BODY,
    '',
  ];
  const args = [
    '--parsable',
    '--hold',
    `--job-name=${jobName(input.experiment)}`,
    `--output=${runPaths(runDir).log}`,
    '--open-mode=append',
    `--chdir=${input.cwd}`,
    ...sbatchOptions(input.options, input.gpus),
  ];
  return { script: lines.join('\n'), args };
}

/** The sbatch command line as a user could paste it (for messages and run.json). */
export function sbatchLine(args: readonly string[], scriptPath: string): string {
  return formatCommandLine(['sbatch', ...args, scriptPath], 'linux');
}
