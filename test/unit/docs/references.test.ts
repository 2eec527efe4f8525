import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Documents that code comments cite resolve inside the repository, and so do the sections they cite. */
const ROOT = join(__dirname, '..', '..', '..');
const SCANNED = ['src', 'webview', 'test/unit', 'test/integration', 'test/e2e', 'scripts'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name.startsWith('.') ? [] : files(path);
    return /\.(ts|mjs|py)$/.test(name) ? [path] : [];
  });
}

const specSections = new Set(
  [...readFileSync(join(ROOT, 'docs/drift-spec.md'), 'utf8').matchAll(/^#{2,3} (\d+(?:\.\d+)?)\.? /gm)].map(
    (m) => m[1],
  ),
);

describe('docs a comment cites are in docs/', () => {
  const sources = SCANNED.flatMap((d) => files(join(ROOT, d))).filter((f) => !f.endsWith('references.test.ts'));

  it('every docs/*.md a source file names exists', () => {
    const missing = sources.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/\bdocs\/([\w.-]+\.md)/g)]
        .filter((m) => !existsSync(join(ROOT, 'docs', m[1])))
        .map((m) => `${relative(ROOT, f)}: docs/${m[1]}`),
    );
    assert.deepEqual(missing, []);
  });

  it('a file that cites § sections names docs/drift-spec.md, and each section exists there', () => {
    assert.ok(specSections.has('4.2') && specSections.has('11'), 'the spec headings were not read');
    const problems: string[] = [];
    for (const f of sources) {
      const text = readFileSync(f, 'utf8');
      const cited = [...text.matchAll(/§(\d+(?:\.\d+)?)/g)].map((m) => m[1]);
      if (cited.length === 0) continue;
      if (!text.includes('docs/drift-spec.md'))
        problems.push(`${relative(ROOT, f)}: cites § without naming docs/drift-spec.md`);
      // §1.1 may name item 1 of section 1: the section must exist.
      for (const s of cited)
        if (!specSections.has(s) && !specSections.has(s.split('.')[0]))
          problems.push(`${relative(ROOT, f)}: §${s} is not a section of docs/drift-spec.md`);
    }
    assert.deepEqual(problems, []);
  });

  it('no comment sends the reader outside the repository for the design card', () => {
    const outside = sources
      .filter((f) => /\.\.\/shared\/(DESIGN|drift-spec)/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    assert.deepEqual(outside, []);
  });
});
