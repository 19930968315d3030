#!/usr/bin/env node
// Shim: the CLI is built to dist/ by `npm run build`. `--version` is answered here, before the CLI
// and its argument parser load: it is what scripts and CI call most, and it needs nothing else.
const flag = process.argv[2];
if (process.argv.length === 3 && (flag === '--version' || flag === '-V')) {
  const { readFileSync } = await import('node:fs');
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  const { main } = await import('../dist/cli/main.js');
  await main(process.argv);
}
