/** Parses mlops.yaml text into a typed spec plus positioned problems (YAML syntax, schema, semantics). */
import { LineCounter, isMap, parseDocument, type Document, type YAMLError } from 'yaml';
import { errorMessage } from '../errors';
import { aliasProblems } from './aliasChecks';
import { normalizeSpec } from './normalizeSpec';
import { reservedKeyIssues } from './reservedKeys';
import { validateAgainstSchema } from './schemaValidation';
import { semanticChecks } from './semanticChecks';
import type { SpecIssue } from './specIssue';
import type { SpecLocations, SpecParseResult, SpecProblem } from './types';
import { SourceMap, formatPath, keyText, type SourceRange } from './yamlPositions';

const SECTIONS = ['experiments', 'models', 'monitors'] as const;

export function parseSpec(text: string): SpecParseResult {
  try {
    return parseChecked(text);
  } catch (err) {
    // Every known malformation is a positioned problem above; anything else must still reach the Problems panel, not a stack trace.
    const message = `mlops.yaml could not be checked: ${errorMessage(err)}. This is a bug in MLOps Workbench; please report it with the file`;
    return {
      spec: null,
      problems: [{ message, severity: 'error', line: 1, column: 1, endLine: 1, endColumn: 1, path: '' }],
      locations: { experiments: {}, models: {}, monitors: {} },
    };
  }
}

function parseChecked(text: string): SpecParseResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: true });
  const source = new SourceMap(doc, lines, text);
  const locations = collectLocations(doc, source);
  const problems: SpecProblem[] = firstPerLine([
    ...doc.errors.map((e) => yamlProblem(e, text, source, 'error')),
    ...doc.warnings.map((w) => yamlProblem(w, text, source, 'warning')),
  ]);
  if (doc.errors.length > 0) return { spec: null, problems, locations };

  const aliases = aliasProblems(doc).map((p) => ({
    message: p.message,
    severity: 'error' as const,
    ...source.rangeOf(p.range),
    path: '',
  }));
  if (aliases.length > 0) return { spec: null, problems: [...problems, ...aliases], locations };
  const reserved = reservedKeyIssues(doc);
  if (reserved.length > 0)
    return { spec: null, problems: [...problems, ...reserved.map((issue) => issueProblem(issue, source))], locations };

  // aliasProblems has capped what aliases expand to, with a position; yaml's own cap would throw without one.
  const data: unknown = doc.toJS({ maxAliasCount: -1 }) ?? null;
  const schemaIssues = validateAgainstSchema(data);
  const issues = schemaIssues.length > 0 ? schemaIssues : semanticChecks((data ?? {}) as Record<string, unknown>);
  for (const issue of issues) problems.push(issueProblem(issue, source));
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  const hasErrors = problems.some((p) => p.severity === 'error');
  return { spec: hasErrors ? null : normalizeSpec(data as Record<string, unknown> | null), problems, locations };
}

function issueProblem(issue: SpecIssue, source: SourceMap): SpecProblem {
  const range =
    issue.anchor.kind === 'key'
      ? source.keyRange(issue.path, issue.anchor.key)
      : issue.anchor.kind === 'owner'
        ? source.ownerRange(issue.path)
        : source.valueRange(issue.path, issue.needle, issue.span);
  const path = issue.anchor.kind === 'key' ? [...issue.path, issue.anchor.key] : issue.path;
  return {
    message: issue.message,
    severity: issue.severity ?? 'error',
    ...range,
    path: path.length ? formatPath(path) : '',
  };
}

/** One broken construct makes the YAML parser complain about every following token on the line; keep the first. */
function firstPerLine(problems: SpecProblem[]): SpecProblem[] {
  const lines = new Set<number>();
  return problems.filter((p) => !lines.has(p.line) && lines.add(p.line));
}

function yamlProblem(
  error: YAMLError,
  text: string,
  source: SourceMap,
  severity: SpecProblem['severity'],
): SpecProblem {
  return { message: yamlMessage(error, text), severity, ...source.rangeOf(error.pos), path: '' };
}

function yamlMessage(error: YAMLError, text: string): string {
  if (error.code === 'DUPLICATE_KEY') {
    const key = /^[^:\n]*/.exec(text.slice(error.pos[0]))?.[0].trim() ?? '';
    return `duplicate key '${key.replace(/^["']|["']$/g, '')}': each key may appear only once in a map`;
  }
  if (error.code === 'MULTIPLE_DOCS')
    return "mlops.yaml must hold a single YAML document; remove the extra '---' section";
  return `YAML syntax error: ${error.message}`;
}

function collectLocations(doc: Document, source: SourceMap): SpecLocations {
  const locations: SpecLocations = { experiments: {}, models: {}, monitors: {} };
  const root = doc.contents;
  if (!isMap(root)) return locations;
  for (const section of SECTIONS) {
    const node = root.get(section, true);
    if (!isMap(node)) continue;
    // fromEntries defines keys, so a name such as __proto__ (refused as an error) cannot reach a prototype here either.
    locations[section] = Object.fromEntries(
      node.items.map((pair): [string, SourceRange] => {
        const name = keyText(pair.key);
        return [name, source.keyRange([section], name)];
      }),
    );
  }
  return locations;
}
