import type { DataRef, EnvInfo, Params, RunRecord } from '../tracking/types';
import { flatten } from '../tracking/flatten';
import { compareVersions, parseFreeze } from './packageVersions';

/** What a run diff reads: the record and its params. */
export interface RunSnapshot {
  record: RunRecord;
  params: Params;
}

export interface ValueChange {
  key: string;
  from: unknown;
  to: unknown;
}

export interface ParamsDiff {
  added: Array<{ key: string; value: unknown }>;
  removed: Array<{ key: string; value: unknown }>;
  changed: ValueChange[];
  unchanged: string[];
}

export interface DataDiff {
  added: DataRef[];
  removed: DataRef[];
  /** Same path, another content hash: a new dataset version. */
  changed: Array<{
    path: string;
    role: DataRef['role'];
    from: { sha256: string; bytes: number };
    to: { sha256: string; bytes: number };
  }>;
  unchanged: string[];
}

export interface PackageChange {
  name: string;
  from: string;
  to: string;
}

export interface EnvDiff {
  /** os, platform, arch, cpu, python, node, cuda, gpu: those that differ. */
  changed: ValueChange[];
  packages: {
    added: Array<{ name: string; version: string }>;
    removed: Array<{ name: string; version: string }>;
    upgraded: PackageChange[];
    downgraded: PackageChange[];
    /** Versions that differ but cannot be ordered (a URL, a local build). */
    changed: PackageChange[];
  };
  lockfiles: ValueChange[];
}

export interface CodeDiff {
  /** Both runs were launched inside a git repository. */
  tracked: boolean;
  commitA: string | null;
  commitB: string | null;
  sameCommit: boolean;
  dirtyA: boolean;
  dirtyB: boolean;
  /** Same uncommitted patch (both clean counts as same). */
  samePatch: boolean;
  /** Same untracked files listed. */
  sameUntracked: boolean;
  /** Commit, patch and untracked files all equal: the code was the same. */
  identical: boolean;
}

export interface RunDiff {
  a: string;
  b: string;
  params: ParamsDiff;
  data: DataDiff;
  env: EnvDiff;
  code: CodeDiff;
}

function sameValue(x: unknown, y: unknown): boolean {
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return Object.is(x, y);
  return JSON.stringify(x) === JSON.stringify(y);
}

export function diffParams(a: Params, b: Params): ParamsDiff {
  const fa = flatten(a);
  const fb = flatten(b);
  const diff: ParamsDiff = { added: [], removed: [], changed: [], unchanged: [] };
  for (const key of Object.keys(fa).sort()) {
    if (!(key in fb)) diff.removed.push({ key, value: fa[key] });
    else if (sameValue(fa[key], fb[key])) diff.unchanged.push(key);
    else diff.changed.push({ key, from: fa[key], to: fb[key] });
  }
  for (const key of Object.keys(fb).sort()) if (!(key in fa)) diff.added.push({ key, value: fb[key] });
  return diff;
}

export function diffData(a: DataRef[], b: DataRef[]): DataDiff {
  const key = (r: DataRef) => `${r.role ?? 'input'}\u0000${r.path}`;
  const mapA = new Map(a.map((r) => [key(r), r]));
  const mapB = new Map(b.map((r) => [key(r), r]));
  const diff: DataDiff = { added: [], removed: [], changed: [], unchanged: [] };
  for (const [k, ra] of mapA) {
    const rb = mapB.get(k);
    if (!rb) diff.removed.push(ra);
    else if (ra.sha256 === rb.sha256) diff.unchanged.push(ra.path);
    else
      diff.changed.push({
        path: ra.path,
        role: ra.role,
        from: { sha256: ra.sha256, bytes: ra.bytes },
        to: { sha256: rb.sha256, bytes: rb.bytes },
      });
  }
  for (const [k, rb] of mapB) if (!mapA.has(k)) diff.added.push(rb);
  return diff;
}

const ENV_FIELDS = ['os', 'platform', 'arch', 'cpu', 'python', 'node', 'cuda', 'gpu'] as const;

export function diffEnv(a: EnvInfo, b: EnvInfo): EnvDiff {
  const changed = ENV_FIELDS.filter((f) => !sameValue(a[f] ?? null, b[f] ?? null)).map((f) => ({
    key: f,
    from: a[f] ?? null,
    to: b[f] ?? null,
  }));
  const pa = parseFreeze(a.packages);
  const pb = parseFreeze(b.packages);
  const packages: EnvDiff['packages'] = { added: [], removed: [], upgraded: [], downgraded: [], changed: [] };
  for (const [key, p] of [...pa].sort(([x], [y]) => x.localeCompare(y))) {
    const q = pb.get(key);
    if (!q) packages.removed.push(p);
    else if (p.version !== q.version) {
      const change = { name: q.name, from: p.version, to: q.version };
      const order = compareVersions(p.version, q.version);
      if (order === null || order === 0) packages.changed.push(change);
      else (order < 0 ? packages.upgraded : packages.downgraded).push(change);
    }
  }
  for (const [key, q] of [...pb].sort(([x], [y]) => x.localeCompare(y))) if (!pa.has(key)) packages.added.push(q);
  const la = new Map((a.lockfiles ?? []).map((l) => [l.path, l.sha256]));
  const lb = new Map((b.lockfiles ?? []).map((l) => [l.path, l.sha256]));
  const lockfiles = [...new Set([...la.keys(), ...lb.keys()])]
    .sort()
    .filter((p) => la.get(p) !== lb.get(p))
    .map((p) => ({ key: p, from: la.get(p) ?? null, to: lb.get(p) ?? null }));
  return { changed, packages, lockfiles };
}

export function diffCode(a: RunRecord, b: RunRecord): CodeDiff {
  const ga = a.git;
  const gb = b.git;
  const tracked = Boolean(ga?.isRepo && gb?.isRepo);
  const commitA = ga?.commit ?? null;
  const commitB = gb?.commit ?? null;
  const sameCommit = tracked && commitA === commitB;
  const samePatch = (ga?.diffSha ?? null) === (gb?.diffSha ?? null);
  const sameUntracked = sameValue([...(ga?.untracked ?? [])].sort(), [...(gb?.untracked ?? [])].sort());
  return {
    tracked,
    commitA,
    commitB,
    sameCommit,
    dirtyA: Boolean(ga?.dirty),
    dirtyB: Boolean(gb?.dirty),
    samePatch,
    sameUntracked,
    identical: sameCommit && samePatch && sameUntracked,
  };
}

/** Everything that differs between two runs: params, data versions, environment and code. */
export function diffRuns(a: RunSnapshot, b: RunSnapshot): RunDiff {
  return {
    a: a.record.id,
    b: b.record.id,
    params: diffParams(a.params, b.params),
    data: diffData(a.record.data ?? [], b.record.data ?? []),
    env: diffEnv(a.record.env ?? {}, b.record.env ?? {}),
    code: diffCode(a.record, b.record),
  };
}
