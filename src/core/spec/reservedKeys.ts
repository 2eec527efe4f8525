/**
 * Keys JavaScript gives a meaning on every object. `__proto__` as a key would replace an object's prototype
 * (the entry vanishes, and its fields show through elsewhere); `constructor` and `prototype` as the name of an
 * experiment, model or monitor would be confused with what every object inherits. Both are refused by name.
 */
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { SpecIssue } from './specIssue';
import { keyText, type PathSegment } from './yamlPositions';

const SECTIONS = new Set(['experiments', 'models', 'monitors']);
const RESERVED_NAMES = ['__proto__', 'constructor', 'prototype'];
const SINGULAR: Record<string, string> = { experiments: 'an experiment', models: 'a model', monitors: 'a monitor' };

export function reservedKeyIssues(doc: Document): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const walk = (node: unknown, path: PathSegment[]) => {
    if (isSeq(node)) node.items.forEach((item, i) => walk(item, [...path, i]));
    if (!isMap(node)) return;
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const key = keyText(pair.key);
      const isName = path.length === 1 && SECTIONS.has(String(path[0]));
      if (isName && RESERVED_NAMES.includes(key)) {
        issues.push({
          message: `'${key}' cannot be the name of ${SINGULAR[String(path[0])]}: ${RESERVED_NAMES.join(', ')} are reserved by JavaScript; rename it`,
          path,
          anchor: { kind: 'key', key },
        });
      } else if (key === '__proto__') {
        issues.push({
          message: "'__proto__' cannot be a key in mlops.yaml: JavaScript reserves it; rename it",
          path,
          anchor: { kind: 'key', key },
        });
      }
      walk(pair.value as Node | null, [...path, key]);
    }
  };
  walk(doc.contents, []);
  return issues;
}
