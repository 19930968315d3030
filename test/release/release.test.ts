// Releasability: the package ships its licence and the notices of what it follows or embeds; every
// ported file names its origin; a checkout without the shared data fails loudly; CI turns skips
// into failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/data.js';

/** The parent test runner's context must not leak into a child `node --test`, or it reports to us. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.NODE_TEST_CONTEXT;
  return env;
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

test('npm pack ships LICENSE and THIRD_PARTY_NOTICES.md', () => {
  const r = spawnSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const files = (JSON.parse(r.stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
  assert.ok(files.includes('LICENSE'), 'LICENSE is packed');
  assert.ok(files.includes('THIRD_PARTY_NOTICES.md'), 'THIRD_PARTY_NOTICES.md is packed');
  assert.ok(files.includes('dist/viewer/index.html'), 'the viewer is packed');
  assert.ok(files.includes('tools/vk-req-probe.c'), 'the requirement probe is packed (devices probe builds it)');
});

test('every file under src/alloc/ and every ported or embedded piece names its origin and licence', () => {
  const alloc = readdirSync(join(repoRoot, 'src/alloc')).map((f) => `src/alloc/${f}`);
  assert.ok(alloc.length >= 14, `src/alloc has ${alloc.length} files`);
  const ported = [
    ...alloc,
    'src/formats/vma-json/writer.ts',
    'src/views/memory-map/font-data.ts',
    'scripts/gen-font.mjs',
    'src/model/vk-format.ts',
    'src/formats/gfxr/vk-enums.ts',
  ];
  const notices = readFileSync(join(repoRoot, 'THIRD_PARTY_NOTICES.md'), 'utf8');
  for (const f of ported) {
    const head = readFileSync(join(repoRoot, f), 'utf8').split('\n').slice(0, 4).join('\n');
    assert.match(head, /Origin: /, `${f} starts with an Origin: line`);
    assert.match(head, /MIT|Bitstream Vera/, `${f} names its licence`);
    if (!/vramscope's own code/.test(head))
      assert.ok(notices.includes(`\`${f}\``) || notices.includes(`\`${f.replace(/[^/]+$/, '')}\``), `${f} is listed in THIRD_PARTY_NOTICES.md`);
  }
  for (const who of ['Advanced Micro Devices', 'Arm Limited', 'Bitstream', 'Leon Sorokin', 'Arjun Barrett', 'Khronos']) {
    assert.ok(notices.includes(who), `THIRD_PARTY_NOTICES.md carries the notice of ${who}`);
  }
});

test('the viewer page (and so every report --html) carries the notices of what it inlines', () => {
  const page = readFileSync(join(repoRoot, 'dist/viewer/index.html'), 'utf8');
  const head = page.slice(0, 8000);
  for (const who of ['The vramscope authors', 'Leon Sorokin', 'Arjun Barrett']) assert.ok(head.includes(who), `notice of ${who}`);
});

test('without the shared data a data test fails and says what is missing', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', 'test/alloc/real-vma3.test.ts'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: childEnv({ VRAMSCOPE_DATA: join(tmpdir(), 'vramscope-no-such-data') }),
  });
  assert.notEqual(r.status, 0, 'the test file fails');
  assert.match(r.stdout + r.stderr, /test data missing: .*vramscope-no-such-data/);
});

test('with VRAMSCOPE_NO_SKIP=1 a skipped test fails the run and is named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vramscope-skip-'));
  writeFileSync(join(dir, 'skips.test.ts'), "import { test } from 'node:test';\ntest('needs a tool', (t) => { t.skip('the tool is not installed'); });\n");
  const run = (noSkip: boolean) =>
    spawnSync(process.execPath, ['scripts/run-tests.mjs'], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: childEnv({ VRAMSCOPE_TEST_ROOT: dir, VRAMSCOPE_NO_SKIP: noSkip ? '1' : '0' }),
    });
  const local = run(false);
  assert.equal(local.status, 0, 'a skip alone passes locally');
  assert.match(local.stderr, /1 test\(s\) skipped:.*needs a tool/s);
  const ci = run(true);
  assert.notEqual(ci.status, 0, 'and fails in CI');
  assert.match(ci.stderr, /a skip is a failure here/);
});
