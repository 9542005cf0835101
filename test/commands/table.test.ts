/** The CLI's command table (src/commands/index.ts) lists what each command module registers, and nothing heavy loads for --help. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { Command } from 'commander';
import { COMMANDS, commandNamed } from '../../src/commands/index.js';

const argsOf = (c: Command) =>
  c.registeredArguments.map((a) => (a.required ? `<${a.name()}${a.variadic ? '...' : ''}>` : `[${a.name()}${a.variadic ? '...' : ''}]`)).join(' ');

test('every table entry has the name, arguments and description its module registers', async () => {
  for (const entry of COMMANDS) {
    const program = new Command();
    (await entry.load())(program);
    const registered = program.commands.find((c) => c.name() === entry.name);
    assert.ok(registered, `${entry.name}: its module registers no command of that name`);
    assert.equal(argsOf(registered), entry.args, `${entry.name}: arguments`);
    assert.equal(registered.description(), entry.description, `${entry.name}: description`);
  }
});

test('the table has each command once', () => {
  assert.equal(new Set(COMMANDS.map((c) => c.name)).size, COMMANDS.length);
});

test('commandNamed finds the first non-option word, and the word after help', () => {
  assert.equal(commandNamed(['run', 'suites/smoke.yaml', '--jobs', '2'])?.name, 'run');
  assert.equal(commandNamed(['--help'])?.name, undefined);
  assert.equal(commandNamed([])?.name, undefined);
  assert.equal(commandNamed(['help', 'report'])?.name, 'report');
  assert.equal(commandNamed(['bogus'])?.name, undefined);
  assert.equal(commandNamed(['-V'])?.name, undefined);
});

test('cli.ts and the table import no command implementation statically (help loads none)', () => {
  const staticImports = (file: string) =>
    [...readFileSync(resolve(import.meta.dirname, '../../src', file), 'utf8').matchAll(/^import\s+(?!type\b)[^'"]*from\s*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
  // Only commander and files that hold data (no static imports of their own) may load for --help.
  const light = ['commander', './package-info.js', './commands/index.js', './commands/help-text.js'];
  const imports = staticImports('cli.ts');
  assert.ok(imports.includes('./commands/index.js'));
  for (const i of imports) assert.ok(light.includes(i), `cli.ts imports ${i} statically`);
  if (imports.includes('./commands/help-text.js')) assert.deepEqual(staticImports('commands/help-text.ts'), []);
  assert.deepEqual(staticImports('commands/index.ts'), []);
});
