// The layering of README's architecture, enforced: the dependency-cruiser rules fail on a violating
// import, and the `vramscope` entry bundles for a browser with no Node built-in and no shim.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';
import { repoRoot } from '../helpers/data.js';

const depcruise = join(repoRoot, 'node_modules/.bin/depcruise');

test('the boundary rules pass on the build and fail on a violating import', () => {
  const ok = spawnSync(depcruise, ['dist', '--config', '.dependency-cruiser.cjs'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /no dependency violations found \((\d+) modules/);
  const modules = Number(/\((\d+) modules/.exec(ok.stdout)?.[1]);
  assert.ok(modules >= 100, `cruised ${modules} modules of dist/`);
  const bad = spawnSync(depcruise, ['test/fixtures/boundaries/src', '--config', '.dependency-cruiser.cjs'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  assert.notEqual(bad.status, 0, 'violations fail');
  assert.match(bad.stdout, /model-is-the-bottom: test\/fixtures\/boundaries\/src\/model\/bad\.js → test\/fixtures\/boundaries\/src\/node\/open\.js/);
  assert.match(bad.stdout, /no-node-builtins-below-node: test\/fixtures\/boundaries\/src\/views\/bad\.js → fs/);
});

test('the vramscope entry bundles for the browser with no Node built-in and no shim', async () => {
  const r = await build({
    entryPoints: [join(repoRoot, 'src/index.ts')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(r.metafile.inputs);
  assert.ok(inputs.length > 80, `${inputs.length} modules bundled`);
  const nodeOnly = inputs.filter((p) => /^node:|(^|\/)src\/(node|cli)\//.test(p));
  assert.deepEqual(nodeOnly, [], 'no Node layer or built-in in the browser bundle');
  assert.ok(!inputs.some((p) => /node_modules\/yaml\//.test(p)), 'no YAML parser in the core');
});

test('vramscope/node re-exports the core and adds the file pipelines', async () => {
  const node = await import('../../src/node/index.js');
  for (const name of ['openInput', 'buildReport', 'buildBundle', 'resolveDevice', 'writeHtmlReport', 'readSource', 'ReportBuilder']) {
    assert.equal(typeof (node as Record<string, unknown>)[name], 'function', name);
  }
});

test('no source file is over 400 lines unless its header says why it must be one piece', async () => {
  const { readdirSync, readFileSync, statSync } = await import('node:fs');
  const files: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(join(repoRoot, d))) {
      const p = `${d}/${n}`;
      if (statSync(join(repoRoot, p)).isDirectory()) walk(p);
      else if (/\.tsx?$/.test(n) && n !== 'font-data.ts') files.push(p);
    }
  };
  walk('src');
  walk('web/src');
  assert.ok(files.length > 150, `${files.length} source files`);
  const long = files.filter((f) => readFileSync(join(repoRoot, f), 'utf8').split('\n').length > 400);
  const unexplained = long.filter((f) => !/\/\/ One piece/.test(readFileSync(join(repoRoot, f), 'utf8').split('\n').slice(0, 20).join('\n')));
  assert.deepEqual(unexplained, []);
});
