// Memory-requirement models against the driver's real answers: every create row of every gold.csv
// (vma2 and vma3 runs) carries VkMemoryRequirements and VkMemoryDedicatedRequirements queried on the
// very VkBuffer/VkImage. The accuracy per device is printed; any difference fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv, realRuns } from '../helpers/data.js';
import { modelRequirements, profileFromDeviceJson } from '../../src/devices/index.js';

test('requirement model equals the driver for reqSize, reqAlignment, memoryTypeBits and prefersDedicated', () => {
  const per = new Map<string, { n: number; size: number; alignment: number; bits: number; dedicated: number; wrong: string[] }>();
  for (const run of realRuns()) {
    const profile = profileFromDeviceJson(JSON.parse(readFileSync(join(run.dir, 'device.json'), 'utf8')), run.dir);
    const s = per.get(run.device) ?? { n: 0, size: 0, alignment: 0, bits: 0, dedicated: 0, wrong: [] };
    per.set(run.device, s);
    for (const r of parseCsv(readFileSync(join(run.dir, 'gold.csv'), 'utf8'))) {
      if (r.op !== 'create') continue;
      const m = modelRequirements(
        profile,
        r.kind === 'buffer'
          ? { kind: 'buffer', buffer: { flags: 0, size: +r.bufferSize!, usage: +r.bufferUsage!, sharingMode: 0 } }
          : {
              kind: 'image',
              image: {
                flags: 0,
                imageType: +r.imageType!,
                format: +r.format!,
                width: +r.width!,
                height: +r.height!,
                depth: +r.depth!,
                mipLevels: +r.mipLevels!,
                arrayLayers: +r.arrayLayers!,
                samples: +r.samples!,
                tiling: +r.tiling!,
                usage: +r.imageUsage!,
                sharingMode: 0,
                initialLayout: 0,
              },
            },
      );
      assert.notEqual(typeof m, 'string', String(m));
      if (typeof m === 'string') continue;
      s.n++;
      const ok = [
        m.size === +r.reqSize!,
        m.alignment === +r.reqAlignment!,
        m.memoryTypeBits === +r.memoryTypeBits!,
        !!m.prefersDedicated === (r.prefersDedicated === '1'),
      ];
      if (ok[0]) s.size++;
      if (ok[1]) s.alignment++;
      if (ok[2]) s.bits++;
      if (ok[3]) s.dedicated++;
      if (ok.includes(false) && s.wrong.length < 5)
        s.wrong.push(
          `${run.vma}/${run.scenario} seq ${r.seq} ${r.name}: driver ${r.reqSize}/${r.reqAlignment}/${r.memoryTypeBits}/${r.prefersDedicated} model ${m.size}/${m.alignment}/${m.memoryTypeBits}/${m.prefersDedicated ? 1 : 0}`,
        );
    }
  }
  for (const [device, s] of per) {
    const pct = (k: number) => `${((100 * k) / s.n).toFixed(2)} %`;
    console.log(
      `  ${device}: ${s.n} resources — reqSize ${pct(s.size)}, reqAlignment ${pct(s.alignment)}, memoryTypeBits ${pct(s.bits)}, prefersDedicated ${pct(s.dedicated)}`,
    );
  }
  for (const [device, s] of per) {
    assert.ok(s.n > 0);
    assert.deepEqual([s.size, s.alignment, s.bits, s.dedicated], [s.n, s.n, s.n, s.n], `${device}:\n${s.wrong.join('\n')}`);
  }
});
