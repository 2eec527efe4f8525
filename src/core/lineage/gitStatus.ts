/** What `git status --porcelain=v2 -z --branch` says about a work tree. */
export interface PorcelainStatus {
  /** null on a branch with no commit yet. */
  commit: string | null;
  /** null on a detached HEAD. */
  branch: string | null;
  detached: boolean;
  /** Tracked paths with staged or unstaged changes (the new path of a rename). */
  changed: string[];
  untracked: string[];
  /** Submodules whose checked-out commit or content differs from what the superproject records. */
  changedSubmodules: string[];
}

/** Parses `git status --porcelain=v2 -z --branch` output. */
export function parsePorcelainV2(output: string): PorcelainStatus {
  const status: PorcelainStatus = {
    commit: null,
    branch: null,
    detached: false,
    changed: [],
    untracked: [],
    changedSubmodules: [],
  };
  const tokens = output.split('\0');
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === '') continue;
    const kind = token[0];
    if (kind === '#') {
      const [, key, value] = /^# (\S+) (.*)$/.exec(token) ?? [];
      if (key === 'branch.oid') status.commit = value === '(initial)' ? null : value;
      else if (key === 'branch.head') {
        status.detached = value === '(detached)';
        status.branch = status.detached ? null : value;
      }
    } else if (kind === '?') {
      status.untracked.push(token.slice(2));
    } else if (kind === '1' || kind === '2' || kind === 'u') {
      const fieldCount = kind === '1' ? 8 : kind === '2' ? 9 : 10;
      const fields = token.split(' ');
      const path = fields.slice(fieldCount).join(' ');
      status.changed.push(path);
      if (fields[2].startsWith('S')) status.changedSubmodules.push(path);
      if (kind === '2') i++; // the original path of a rename or copy follows as its own token
    }
  }
  return status;
}

export interface NumstatSummary {
  files: number;
  insertions: number;
  deletions: number;
  binaryFiles: number;
  paths: string[];
}

/** Parses `git diff --numstat -z` output (with --no-renames every record is "add\tdel\tpath"). */
export function parseNumstatZ(output: string): NumstatSummary {
  const summary: NumstatSummary = { files: 0, insertions: 0, deletions: 0, binaryFiles: 0, paths: [] };
  for (const record of output.split('\0')) {
    const m = /^(\d+|-)\t(\d+|-)\t(.*)$/s.exec(record);
    if (!m) continue;
    summary.files++;
    summary.paths.push(m[3]);
    if (m[1] === '-') summary.binaryFiles++;
    else {
      summary.insertions += Number(m[1]);
      summary.deletions += Number(m[2]);
    }
  }
  return summary;
}
