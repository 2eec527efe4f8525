/** Quoting of values substituted into shell command strings (POSIX sh, or cmd.exe on Windows). */

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function quotePosix(value: string): string {
  if (value === '') return "''";
  if (SAFE.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function quoteWindows(value: string): string {
  if (value === '') return '""';
  if (SAFE.test(value)) return value;
  return `"${value.replace(/"/g, '""')}"`;
}

export function shellQuote(value: string, platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? quoteWindows(value) : quotePosix(value);
}

/** An argv array as one readable command line. */
export function formatCommandLine(argv: readonly string[], platform: NodeJS.Platform = process.platform): string {
  return argv.map((arg) => shellQuote(arg, platform)).join(' ');
}
