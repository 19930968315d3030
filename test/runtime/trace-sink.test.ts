// The trace writer's loss bound with the synchronous file sink: a process killed with SIGKILL loses
// at most the frame in progress — every frame it announced as ended is in the file, whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/data.js';
import { readPath } from '../helpers/read.js';

for (const mode of ['plain', 'fsync']) {
  test(`fileTraceSink (${mode}): SIGKILL loses at most the frame in progress`, async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'vramscope-sink-')), 't.vstrace.jsonl');
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/runtime/trace-sink.child.ts'), path, mode], { cwd: repoRoot });
    let announced = 0;
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.stdout.on('data', (d: Buffer) => {
        const m = /frame (\d+)\n$/.exec(d.toString());
        if (m) announced = Number(m[1]);
        if (announced >= 20 && !child.killed) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((r) => child.once('close', r));
    const text = readFileSync(path, 'utf8');
    const ends = text.split('\n').filter((l) => l.startsWith('{"t":"frameEnd"')).length;
    assert.ok(ends >= announced, `${ends} frames in the file, ${announced} announced as ended before the kill`);
    const { report, diag } = await readPath(path);
    assert.ok(report.totals.creates >= announced * 50, `${report.totals.creates} creates read`);
    assert.equal(diag.list.filter((d) => d.code === 'frame-total-mismatch').length, 0);
  });
}
