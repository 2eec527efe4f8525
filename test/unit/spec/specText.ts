import { parseSpec } from '../../../src/core/spec/parseSpec';
import type { SpecProblem } from '../../../src/core/spec/types';

/** Strips the common indentation of a template literal so specs can be written inline, and drops the first newline. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = String.raw({ raw: strings }, ...values).replace(/^\n/, '');
  const indents = text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => /^ */.exec(l)![0].length);
  const cut = Math.min(...indents);
  return text
    .split('\n')
    .map((l) => l.slice(cut))
    .join('\n');
}

/** The problems of a spec as "line:column message", the way the Problems panel lists them. */
export function problemsOf(text: string): string[] {
  return parseSpec(text).problems.map(where);
}

export function where(p: SpecProblem): string {
  return `${p.line}:${p.column} ${p.message}`;
}

/** A `${params.NAME}` placeholder, for writing specs inside template literals. */
export function param(name: string): string {
  return '${params.' + name + '}';
}
