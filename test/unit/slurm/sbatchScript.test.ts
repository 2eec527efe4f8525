import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildSbatchJob,
  jobName,
  sbatchLine,
  SLURM_ALLOC_FILE,
  type SbatchInput,
} from '../../../src/backend/slurm/sbatchScript';
import { chooseExecutor, parseExecutorKind } from '../../../src/core/spec/executor';
import { MlopsError } from '../../../src/core/errors';

function input(over: Partial<SbatchInput> = {}): SbatchInput {
  return {
    runId: '01abc',
    runDir: '/store/.mlops/runs/01abc',
    workspace: '/store',
    experiment: 'mlp',
    argv: ['python', 'train.py', '--lr', '0.1'],
    cwd: '/store',
    env: {},
    params: { lr: 0.1 },
    gpus: 0,
    options: {},
    clients: { python: '/ext/clients/python', node: null },
    ...over,
  };
}

describe('slurm: the sbatch job of a run', () => {
  it('maps executor.slurm options to sbatch arguments, in order, after the fixed ones', () => {
    const { args } = buildSbatchJob(
      input({
        options: {
          partition: 'gpu',
          time: '02:00:00',
          cpus: 8,
          mem: '32G',
          gres: 'gpu:1',
          account: 'lab',
          qos: 'high',
          extra: ['--constraint=a100'],
        },
      }),
    );
    assert.deepEqual(args, [
      '--parsable',
      '--hold',
      '--job-name=mlops:mlp',
      '--output=/store/.mlops/runs/01abc/log.txt',
      '--open-mode=append',
      '--chdir=/store',
      '--partition=gpu',
      '--time=02:00:00',
      '--cpus-per-task=8',
      '--mem=32G',
      '--gres=gpu:1',
      '--account=lab',
      '--qos=high',
      '--constraint=a100',
    ]);
  });

  it('asks for gpu:N from `gpus: N` unless gres is given', () => {
    assert.ok(buildSbatchJob(input({ gpus: 2 })).args.includes('--gres=gpu:2'));
    const own = buildSbatchJob(input({ gpus: 2, options: { gres: 'gpu:a100:1' } })).args;
    assert.ok(own.includes('--gres=gpu:a100:1') && !own.includes('--gres=gpu:2'));
  });

  it('refuses an extra item that is not an option, and the tfjs trainer (no command)', () => {
    assert.throws(() => buildSbatchJob(input({ options: { extra: ['rm -rf /'] } })), MlopsError);
    assert.throws(
      () => buildSbatchJob(input({ argv: [] })),
      (err: MlopsError) => /no command/.test(err.message) && /runs locally only/.test(err.hint ?? ''),
    );
    assert.throws(() => buildSbatchJob(input({ env: { 'BAD-NAME': 'x' } })), /cannot be exported/);
  });

  it('quotes the sbatch line so a user can paste it', () => {
    assert.equal(
      sbatchLine(['--parsable', '--chdir=/a b'], '/r/slurm.sh'),
      "sbatch --parsable '--chdir=/a b' /r/slurm.sh",
    );
    assert.equal(jobName('my exp/1'), 'mlops:my_exp_1');
  });

  it('is a script that runs the command with the run env, writes the exit status and the allocation, whatever the quoting', function () {
    const dir = mkdtempSync(join(tmpdir(), 'sbatch-'));
    const runDir = join(dir, 'run');
    execFileSync('mkdir', ['-p', runDir]);
    const job = buildSbatchJob(
      input({
        runDir,
        workspace: dir,
        cwd: dir,
        argv: [
          '/bin/sh',
          '-c',
          'printf "%s|%s|%s|%s\\n" "$MLOPS_RUN_ID" "$MLOPS_PARAMS" "$WEIRD" "$1" > out.txt; exit 7',
          'sh',
          "it's $HOME",
        ],
        env: { WEIRD: 'a\'b "c" $d `e`' },
        params: { name: "o'brien" },
      }),
    );
    const script = join(dir, 'slurm.sh');
    writeFileSync(script, job.script);
    let code = 0;
    try {
      execFileSync('/bin/sh', [script], {
        env: { PATH: process.env.PATH, SLURM_JOB_ID: '42', CUDA_VISIBLE_DEVICES: '0,1' },
        stdio: 'pipe',
      });
    } catch (err) {
      code = (err as { status: number }).status;
    }
    assert.equal(code, 7);
    assert.equal(readFileSync(join(dir, 'out.txt'), 'utf8'), `01abc|{"name":"o'brien"}|a'b "c" $d \`e\`|it's $HOME\n`);
    assert.equal(readFileSync(join(runDir, 'exit_status'), 'utf8'), '7\n');
    assert.deepEqual(JSON.parse(readFileSync(join(runDir, SLURM_ALLOC_FILE), 'utf8')), {
      jobId: '42',
      node: execFileSync('hostname').toString().trim(),
      cuda: '0,1',
    });
  });

  it('writes exit status 1 and says so when the working folder is missing on the node', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbatch-'));
    const job = buildSbatchJob(input({ runDir: dir, cwd: join(dir, 'gone'), argv: ['true'] }));
    writeFileSync(join(dir, 'slurm.sh'), job.script);
    const out = execFileSync('/bin/sh', ['-c', `/bin/sh ${dir}/slurm.sh; echo "rc=$?"`]).toString();
    assert.match(out, /working directory .*gone is not there/);
    assert.match(out, /rc=1/);
    assert.ok(existsSync(join(dir, 'exit_status')));
  });
});

describe('slurm: choosing the executor', () => {
  it('takes the explicit choice, then the spec, then the setting, else local', () => {
    assert.deepEqual(chooseExecutor(undefined), { kind: 'local' });
    assert.deepEqual(chooseExecutor(undefined, undefined, 'slurm'), { kind: 'slurm', options: {} });
    assert.deepEqual(chooseExecutor('local', undefined, 'slurm'), { kind: 'local' });
    assert.deepEqual(chooseExecutor({ slurm: { time: '01:00:00' } }), { kind: 'slurm', options: { time: '01:00:00' } });
    assert.deepEqual(chooseExecutor({ slurm: { time: '01:00:00' } }, 'local'), { kind: 'local' });
    assert.deepEqual(chooseExecutor('local', 'slurm'), { kind: 'slurm', options: {} });
  });

  it('names the allowed executors when given another', () => {
    assert.equal(parseExecutorKind('slurm', '--executor'), 'slurm');
    assert.throws(
      () => parseExecutorKind('k8s', '--executor'),
      (err: MlopsError) => /'k8s' is not an executor/.test(err.message) && /local, slurm/.test(err.hint ?? ''),
    );
  });
});
