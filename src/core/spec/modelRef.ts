/** Model references as written in specs and on the command line: `name`, `name@alias` or `name:version`. */
import { MlopsError } from '../errors';

export type ModelRef =
  | { name: string; kind: 'latest' }
  | { name: string; kind: 'alias'; alias: string }
  | { name: string; kind: 'version'; version: number };

const NAME = '[A-Za-z0-9_][A-Za-z0-9_.-]*';
const REF = new RegExp(`^(${NAME})(?:@(${NAME})|:([1-9][0-9]*))?$`);

/** Parses a model reference; null when it is malformed. */
export function tryParseModelRef(text: string): ModelRef | null {
  const m = REF.exec(text.trim());
  if (!m) return null;
  if (m[2] !== undefined) return { name: m[1], kind: 'alias', alias: m[2] };
  if (m[3] !== undefined) return { name: m[1], kind: 'version', version: Number(m[3]) };
  return { name: m[1], kind: 'latest' };
}

export function parseModelRef(text: string): ModelRef {
  const ref = tryParseModelRef(text);
  if (!ref) {
    throw new MlopsError(
      `malformed model reference '${text}'`,
      'bad-input',
      'Use NAME, NAME@ALIAS (e.g. churn@production) or NAME:VERSION (e.g. churn:3).',
    );
  }
  return ref;
}

export function formatModelRef(ref: ModelRef): string {
  if (ref.kind === 'alias') return `${ref.name}@${ref.alias}`;
  if (ref.kind === 'version') return `${ref.name}:${ref.version}`;
  return ref.name;
}
