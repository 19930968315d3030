// Every command's help as written. A description is either one paragraph, which commander wraps, or
// lines broken by hand for 100 columns (the width the CLI gives commander off a terminal): a
// hand-broken line longer than that is wrapped again, leaving a stray short line mid-sentence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { repoRoot } from '../helpers/data.js';

const WIDTH = 100;

test('each hand-broken description line fits the 100 columns it is written for', async () => {
  const dir = join(repoRoot, 'src/cli/commands');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  assert.ok(files.length >= 9, `commands found: ${files.length}`);
  const program = new Command('vramscope');
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { register?: (p: Command) => void };
    mod.register?.(program);
  }
  assert.ok(program.commands.length >= 9, `commands registered: ${program.commands.length}`);
  const long: string[] = [];
  let broken = 0;
  for (const c of program.commands) {
    if (!c.description().includes('\n')) continue;
    broken++;
    for (const line of c.description().split('\n')) if (line.length > WIDTH) long.push(`${c.name()}: ${line.length} columns: ${line}`);
  }
  assert.ok(broken >= 1, 'at least one description is broken by hand');
  assert.deepEqual(long, []);
});
