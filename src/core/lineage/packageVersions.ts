/** Parsing and ordering of `pip freeze` lines, enough to tell an upgrade from a downgrade. */

/** PEP 503: names compare case-insensitively with runs of `-`, `_` and `.` equal. */
export function normalisePackageName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** `name==version` and `name @ url` lines → normalised name → { name, version }. */
export function parseFreeze(text: string | undefined): Map<string, { name: string; version: string }> {
  const packages = new Map<string, { name: string; version: string }>();
  for (const raw of (text ?? '').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('-')) continue;
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:===?\s*(.+)|@\s*(.+))$/.exec(line);
    if (m) packages.set(normalisePackageName(m[1]), { name: m[1], version: (m[2] ?? m[3]).trim() });
  }
  return packages;
}

const PRE_RELEASE = /^[.-]?(a|alpha|b|beta|c|rc|pre|preview|dev)/i;
const POST_RELEASE = /^[.-]?(post|r|rev)/i;

function suffixRank(suffix: string): number | null {
  if (suffix === '') return 0;
  if (PRE_RELEASE.test(suffix)) return -1;
  if (POST_RELEASE.test(suffix)) return 1;
  return null;
}

/** Compares two versions by release numbers, then final > pre-release; null when they cannot be ordered. */
export function compareVersions(a: string, b: string): number | null {
  const pa = /^v?(\d+(?:\.\d+)*)(.*)$/.exec(a.trim());
  const pb = /^v?(\d+(?:\.\d+)*)(.*)$/.exec(b.trim());
  if (!pa || !pb) return a === b ? 0 : null;
  const ra = pa[1].split('.').map(Number);
  const rb = pb[1].split('.').map(Number);
  for (let i = 0; i < Math.max(ra.length, rb.length); i++) {
    const d = (ra[i] ?? 0) - (rb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (pa[2] === pb[2]) return 0;
  const sa = suffixRank(pa[2]);
  const sb = suffixRank(pb[2]);
  if (sa === null || sb === null || sa === sb) return null;
  return Math.sign(sa - sb);
}
