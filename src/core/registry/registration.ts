/** Registering a run's artifact as a new model version: where it is, what it hashes to, what it scored. */
import { existsSync } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { MlopsError, throwIfAborted } from '../errors';
import { hashInputs } from '../lineage/dataHashing';
import { FileRunStore } from '../store/fileRunStore';
import { ARTIFACT_FILES } from '../tfjs/artifactFormat';
import { flatten } from '../tracking/flatten';
import { readLatestMetrics } from '../tracking/runReader';
import type { RunRecord } from '../tracking/types';
import type { NewModelVersion, RegistryStore } from './registryStore';
import type { ArtifactFile, ArtifactRecord, ModelSchema, ModelVersion } from './types';

export interface RegisterOptions {
  /** A run id or a unique prefix of one. */
  run: string;
  model: string;
  /** Relative to the run folder (default: artifacts/model if present, else artifacts). */
  artifact?: string;
  description?: string;
  user?: string;
  signal?: AbortSignal;
}

const inside = (root: string, target: string) => target === root || target.startsWith(root + sep);

/** Resolves the artifact inside the run folder, refusing `..`, absolute paths elsewhere and links that lead out. */
export async function locateArtifact(
  runDir: string,
  requested?: string,
): Promise<{ absolute: string; runPath: string }> {
  const root = resolve(runDir);
  let candidate: string;
  if (requested !== undefined) {
    candidate = resolve(root, requested);
    if (!inside(root, candidate) || candidate === root) {
      throw new MlopsError(
        `artifact '${requested}' is not inside the run folder ${root}`,
        'bad-input',
        'Give a path relative to the run folder, e.g. artifacts/model.',
      );
    }
  } else {
    candidate = existsSync(join(root, 'artifacts', 'model'))
      ? join(root, 'artifacts', 'model')
      : join(root, 'artifacts');
  }
  const info = await stat(candidate).catch(() => null);
  if (!info)
    throw new MlopsError(
      `run artifact ${relative(root, candidate)} does not exist`,
      'not-found',
      'Check the run saved its model (mlops show <run-id> lists its folder), or pass --artifact PATH.',
    );
  const [realRoot, realTarget] = await Promise.all([realpath(root), realpath(candidate)]);
  if (!inside(realRoot, realTarget))
    throw new MlopsError(
      `artifact ${relative(root, candidate)} links outside the run folder`,
      'bad-input',
      'Register files the run itself saved.',
    );
  if (info.isDirectory() && (await readdir(candidate)).length === 0) {
    throw new MlopsError(
      `artifact folder ${relative(root, candidate)} is empty`,
      'not-found',
      'The run saved no files there; pass --artifact PATH to pick another.',
    );
  }
  return { absolute: candidate, runPath: relative(root, candidate).split(sep).join('/') };
}

async function listFiles(dir: string, realRoot: string, signal?: AbortSignal): Promise<string[]> {
  const out: string[] = [];
  const walk = async (abs: string) => {
    throwIfAborted(signal, 'registration');
    for (const entry of await readdir(abs, { withFileTypes: true })) {
      const child = join(abs, entry.name);
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile()) out.push(child);
      else if (entry.isSymbolicLink()) {
        const real = await realpath(child).catch(() => null);
        if (!real || !inside(realRoot, real))
          throw new MlopsError(
            `artifact file ${child} links outside the run folder`,
            'bad-input',
            'Register files the run itself saved.',
          );
        if ((await stat(real)).isFile()) out.push(child);
      }
    }
  };
  await walk(dir);
  return out.sort();
}

/** Hashes the artifact as lineage does (a folder by its sha256sum manifest) plus each file it holds. */
export async function describeArtifact(
  workspace: string,
  runDir: string,
  located: { absolute: string; runPath: string },
  signal?: AbortSignal,
): Promise<ArtifactRecord> {
  const info = await stat(located.absolute);
  const rel = (p: string) => relative(resolve(workspace), p).split(sep).join('/');
  if (isAbsolute(rel(located.absolute)) || rel(located.absolute).startsWith('..')) {
    throw new MlopsError(`run folder ${runDir} is outside the workspace ${workspace}`, 'bad-input');
  }
  const realRoot = await realpath(runDir);
  const files = info.isDirectory() ? await listFiles(located.absolute, realRoot, signal) : [located.absolute];
  const hashed = await hashInputs(workspace, [rel(located.absolute), ...files.map(rel)], { role: 'output', signal });
  const [whole, ...perFile] = info.isDirectory() ? hashed : [hashed[0], hashed[0]];
  const fileRecords: ArtifactFile[] = perFile.map((h, i) => ({
    path: info.isDirectory() ? relative(located.absolute, files[i]).split(sep).join('/') : files[i].split(sep).pop()!,
    sha256: h.sha256,
    bytes: h.bytes,
  }));
  const format = info.isDirectory()
    ? await readJson<{ format?: unknown }>(join(located.absolute, ARTIFACT_FILES.meta))
    : null;
  return {
    path: rel(located.absolute),
    runPath: located.runPath,
    kind: info.isDirectory() ? 'dir' : 'file',
    sha256: whole.sha256,
    bytes: whole.bytes,
    files: fileRecords,
    format: typeof format?.format === 'string' ? format.format : null,
  };
}

async function readJson<T>(path: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return null;
  }
}

/** Latest numeric metrics flattened with dots (`val.accuracy`), without dvclive's `step`. */
export async function metricsAtRegistration(runDir: string, record: RunRecord): Promise<Record<string, number>> {
  const latest = await readLatestMetrics(runDir, record);
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(flatten(latest))) if (k !== 'step' && typeof v === 'number') out[k] = v;
  return out;
}

/** Reads the run, locates and hashes its artifact, and adds the next version of the model. */
export async function registerRun(store: RegistryStore, options: RegisterOptions): Promise<ModelVersion> {
  const runs = new FileRunStore(store.workspace);
  const runId = await runs.resolveRunId(options.run);
  const record = await runs.getRun(runId);
  if (!record)
    throw new MlopsError(
      `run ${runId} has a missing or corrupt run.json`,
      'not-found',
      'Inspect its folder under .mlops/runs/.',
    );
  if (record.status !== 'completed') {
    throw new MlopsError(
      `run ${runId} is ${record.status}; only completed runs can be registered`,
      'bad-input',
      'Wait for it to finish, or register a run that completed.',
    );
  }
  const runDir = runs.runDir(runId);
  const located = await locateArtifact(runDir, options.artifact);
  const artifact = await describeArtifact(store.workspace, runDir, located, options.signal);
  const schema =
    artifact.kind === 'dir' ? await readJson<ModelSchema>(join(located.absolute, ARTIFACT_FILES.schema)) : null;
  const init: NewModelVersion = {
    model: options.model,
    runId,
    experiment: record.experiment,
    artifact,
    metrics: await metricsAtRegistration(runDir, record),
    schema: schema && typeof schema === 'object' && !Array.isArray(schema) ? schema : null,
    data: record.data.map((d) => ({ path: d.path, sha256: d.sha256, bytes: d.bytes })),
    git: record.git ? { commit: record.git.commit, dirty: record.git.dirty } : null,
    ...(options.description ? { description: options.description } : {}),
    ...(options.user ? { createdBy: options.user } : {}),
  };
  throwIfAborted(options.signal, 'registration');
  return store.registerVersion(init);
}
