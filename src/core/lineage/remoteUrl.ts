/**
 * A remote URL safe to record: credentials and query strings removed.
 * `https://user:token@host/r.git` → `https://host/r.git`; `ssh://git:pw@host/r` → `ssh://git@host/r`;
 * scp-like `git@host:org/r.git` has no secret and is kept; a local path is kept.
 */
export function stripCredentials(url: string): string {
  const trimmed = url.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed);
  if (!scheme) return trimmed;
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return trimmed.replace(/\/\/[^/@]*@/, '//');
  }
  const protocol = scheme[1].toLowerCase();
  const keepUser = protocol === 'ssh' || protocol === 'git+ssh' || protocol === 'ssh+git';
  if (!keepUser) parsed.username = '';
  parsed.password = '';
  parsed.search = '';
  parsed.hash = '';
  return parsed.toString();
}
