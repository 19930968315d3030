// The CLI: a thin layer of commands over the library. Commands live one per file in ./commands and
// are found at start-up, so adding one touches no shared file. Each command imports its engine
// lazily inside its action, which keeps `--help` instant.

import { Command } from 'commander';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { installProcessGuards } from './process.js';

const here = dirname(fileURLToPath(import.meta.url));

export async function main(argv: string[]): Promise<void> {
  installProcessGuards();
  const pkg = JSON.parse(readFileSync(join(here, '../../package.json'), 'utf8')) as { version: string };
  const program = new Command('vramscope')
    .description('Record, replay, analyze and draw GPU memory allocations (VMA recordings and dumps, GFXReconstruct and lavatube captures, WebGPU traces).')
    .version(pkg.version)
    .showHelpAfterError('(run with --help for usage)')
    // Descriptions are written for 100 columns; commander's default of 80 off a terminal breaks them mid-sentence.
    .configureHelp({
      sortSubcommands: true,
      helpWidth: process.stdout.isTTY ? Math.max(process.stdout.columns ?? 100, 80) : 100,
    });
  program.exitOverride((err) => {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') process.exit(0);
    process.exit(2);
  });
  const all = readdirSync(join(here, 'commands'))
    .filter((f) => f.endsWith('.js'))
    .sort();
  // Each command lives in a file of its own name: when argv names one, load only that file, which
  // takes the other commands' start-up cost off every run (render of a dump is measured in ms).
  const named = `${argv[2] ?? ''}.js`;
  const files = all.includes(named) ? [named] : all;
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(here, 'commands', f)).href)) as { register?: (p: Command) => void };
    mod.register?.(program);
  }
  await program.parseAsync(argv);
}
