import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Commands, TestHooks } from '../../../src/extension/commands/commandIds';

/**
 * Every command id the code registers or calls is contributed in package.json, and every contributed command is
 * registered, through the one helper (src/extension/commands/command.ts). A command called but never registered
 * (as `mlops.openModel` once was) fails here instead of doing nothing for the user.
 */
const REPO = resolve(__dirname, '..', '..', '..');
const EXTENSION = join(REPO, 'src', 'extension');
const HELPER = join(EXTENSION, 'commands', 'command.ts');

interface Manifest {
  contributes: {
    commands: Array<{ command: string }>;
    menus?: Record<string, Array<{ command?: string; submenu?: string }>>;
    keybindings?: Array<{ command: string }>;
    viewsWelcome?: Array<{ contents: string }>;
    walkthroughs?: Array<{ steps: Array<{ description: string; completionEvents?: string[] }> }>;
  };
}

const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as Manifest;
const declared = manifest.contributes.commands.map((c) => c.command);
const byName = new Map<string, string>(Object.entries(Commands));
const hookByName = new Map<string, string>(Object.entries(TestHooks));

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const ID = String.raw`('mlops\.[\w.]+'|"mlops\.[\w.]+"|Commands\.\w+|TestHooks\.\w+)`;
/** Ways a command is registered: the helper, a test hook, or (a violation) VS Code's own registerCommand. */
const REGISTER = new RegExp(String.raw`\b(command|testHook|registerCommand)\(\s*${ID}`, 'g');
/** Ways a command is referred to: executeCommand, a TreeItem/CodeLens/status bar `command`, a `...Command:` option. */
const USE = [
  new RegExp(String.raw`\bexecuteCommand(?:<[^(]*?>)?\(\s*${ID}`, 'g'),
  new RegExp(String.raw`\b\w*[cC]ommand:\s*${ID}`, 'g'),
];

/** The id an expression names, or a description of why it names none. */
function resolveId(expr: string): string {
  if (/^['"]/.test(expr)) return expr.slice(1, -1);
  const [table, name] = expr.split('.');
  const id = (table === 'Commands' ? byName : hookByName).get(name);
  return id ?? `<unknown ${expr}>`;
}

interface Site {
  id: string;
  via: string;
  where: string;
}

function scan(): { registered: Site[]; used: Site[] } {
  const registered: Site[] = [];
  const used: Site[] = [];
  for (const file of tsFiles(EXTENSION)) {
    if (file === HELPER) continue;
    const text = readFileSync(file, 'utf8');
    const where = relative(REPO, file);
    for (const m of text.matchAll(REGISTER)) registered.push({ id: resolveId(m[2]), via: m[1], where });
    for (const pattern of USE)
      for (const m of text.matchAll(pattern)) used.push({ id: resolveId(m[1]), via: 'use', where });
  }
  return { registered, used };
}

/** `command:mlops.x` links in markdown (views' welcome content, walkthrough steps) and completion events. */
function manifestReferences(): string[] {
  const c = manifest.contributes;
  const refs: string[] = [];
  for (const items of Object.values(c.menus ?? {})) for (const item of items) if (item.command) refs.push(item.command);
  for (const k of c.keybindings ?? []) refs.push(k.command);
  const texts = [
    ...(c.viewsWelcome ?? []).map((w) => w.contents),
    ...(c.walkthroughs ?? []).flatMap((w) => w.steps.map((s) => s.description)),
  ];
  for (const text of texts) for (const m of text.matchAll(/command:(mlops\.[\w.]+)/g)) refs.push(m[1]);
  for (const w of c.walkthroughs ?? [])
    for (const s of w.steps)
      for (const e of s.completionEvents ?? []) if (e.startsWith('onCommand:')) refs.push(e.slice('onCommand:'.length));
  return refs.filter((id) => id.startsWith('mlops.'));
}

describe('command ids: code and package.json agree', () => {
  const { registered, used } = scan();
  const hooks = new Set<string>(Object.values(TestHooks));

  it('finds the registrations it checks (sanity: the scan itself works)', () => {
    const ids = new Set(registered.map((r) => r.id));
    for (const id of [
      Commands.runExperiment,
      Commands.compareRuns,
      Commands.openModelCard,
      Commands.runMonitor,
      TestHooks.panelsSimulate,
    ]) {
      assert.ok(ids.has(id), `${id} not found among the registrations`);
    }
    assert.ok(used.length > 10, `only ${used.length} uses found`);
  });

  it('the table of command ids is exactly the contributed commands', () => {
    assert.deepEqual([...new Set(Object.values(Commands))].sort(), [...new Set(declared)].sort());
    assert.equal(new Set(declared).size, declared.length, 'a command is contributed twice');
  });

  it('every command is registered through command() or testHook(), never registerCommand directly', () => {
    const direct = registered.filter((r) => r.via === 'registerCommand').map((r) => `${r.where}: ${r.id}`);
    assert.deepEqual(direct, [], 'use command(id, {needsTrust}, handler) from src/extension/commands/command.ts');
    const wrongKind = registered
      .filter((r) => (r.via === 'testHook') !== hooks.has(r.id))
      .map((r) => `${r.where}: ${r.via}(${r.id})`);
    assert.deepEqual(wrongKind, [], 'test hooks go through testHook(), contributed commands through command()');
  });

  it('every contributed command is registered exactly once', () => {
    const counts = new Map<string, number>();
    for (const r of registered) counts.set(r.id, (counts.get(r.id) ?? 0) + 1);
    const missing = declared.filter((id) => !counts.has(id));
    assert.deepEqual(missing, [], 'contributed in package.json but registered nowhere');
    const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
    assert.deepEqual(twice, [], 'registered more than once');
  });

  it('every id the code registers or calls is contributed (test hooks aside)', () => {
    const known = new Set([...declared, ...hooks]);
    const unknown = [...registered, ...used].filter((s) => !known.has(s.id)).map((s) => `${s.where}: ${s.id}`);
    assert.deepEqual(unknown, [], 'not contributed in package.json');
  });

  it('production code never calls a test hook', () => {
    const calls = used.filter((s) => hooks.has(s.id)).map((s) => `${s.where}: ${s.id}`);
    assert.deepEqual(calls, []);
    for (const id of hooks) assert.ok(!declared.includes(id), `${id} is a test hook but is contributed`);
  });

  it('menus, keybindings, welcome views and walkthrough steps name contributed commands', () => {
    const unknown = manifestReferences().filter((id) => !declared.includes(id));
    assert.deepEqual(unknown, []);
  });
});
