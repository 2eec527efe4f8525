/** Characters of the content hash kept in a dataset version id. */
const SHORT_HASH = 12;

/** `data//train.csv` and `./data/train.csv` name the same dataset. */
export function normaliseDataPath(path: string): string {
  return path
    .split(/[\\/]+/)
    .filter((seg) => seg !== '' && seg !== '.')
    .join('/');
}

/** Stable id of one version of a dataset: its workspace-relative path and content hash, `data/train.csv@1a2b3c4d5e6f`. */
export function datasetVersionId(path: string, sha256: string): string {
  return `${normaliseDataPath(path)}@${sha256.slice(0, SHORT_HASH)}`;
}

export function parseDatasetVersionId(id: string): { path: string; shortHash: string } | null {
  const at = id.lastIndexOf('@');
  if (at <= 0 || at === id.length - 1) return null;
  return { path: id.slice(0, at), shortHash: id.slice(at + 1) };
}
