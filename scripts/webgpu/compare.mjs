#!/usr/bin/env node
// Compares texture sizes with what the driver really answered for the Vulkan images Dawn made:
// vramscope with the adapter known (Dawn's image through the driver's rules), vramscope without it
// (tightly packed), and webgpu-memory's published formula (blocks of width×samples by height×samples,
// all layers at every level; the formula re-stated here, its code not used).
// Usage:
//   node scripts/webgpu/compare.mjs TEXTURES.jsonl --gfxr CAPTURE              (.gfxr, or gfxrecon-convert's .jsonl)
//   node scripts/webgpu/compare.mjs TEXTURES.jsonl --answers SWEEP.csv         (probe --rows answers, in texture order)
//   node scripts/webgpu/compare.mjs TEXTURES.jsonl --rows OUT.csv              (write the images as probe rows)
//   add --json for one JSON object; --adapter JSON scores against another adapter than the file's
//   (e.g. answers asked of an NVIDIA driver: --adapter '{"vendor":"nvidia","backend":"vulkan"}')
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { vulkanImageOfTexture, textureSize } from '../../dist/runtime/webgpu-vulkan.js';
import { textureFormatBlock } from '../../dist/runtime/webgpu-formats.js';
import { parseSweepCsv, SWEEP_COLUMNS } from '../../dist/devices/index.js';
import { loadCapture } from '../../dist/node/index.js';

const args = process.argv.slice(2);
const flag = (n) => {
  const i = args.indexOf(n);
  return i < 0 ? undefined : args[i + 1];
};
const read = (p) => {
  const b = readFileSync(p);
  return (p.endsWith('.gz') ? gunzipSync(b) : b).toString('utf8');
};
const lines = read(args[0])
  .split('\n')
  .filter((l) => l.startsWith('{'));
const textures = lines.filter((l) => l.startsWith('{"texture"')).map((l) => JSON.parse(l).texture);
const adapterFlag = flag('--adapter');
const adapter = adapterFlag ? JSON.parse(adapterFlag) : lines.filter((l) => l.startsWith('{"adapter"')).map((l) => JSON.parse(l).adapter)[0];
const extent = (t) => ({
  format: t.format,
  width: t.size[0],
  height: t.size[1] ?? 1,
  depthOrArrayLayers: t.size[2] ?? 1,
  mipLevelCount: t.mipLevelCount ?? 1,
  sampleCount: t.sampleCount ?? 1,
  dimension: t.dimension ?? '2d',
  usage: t.usage,
  viewFormats: t.viewFormats,
});

/** webgpu-memory's formula, as published (1.x): note the sample count on both axes. */
function webgpuMemory(t) {
  const b = textureFormatBlock(t.format);
  if (!b) return undefined;
  const bytes = b.bytes;
  let w = t.width,
    h = t.height,
    d = t.depthOrArrayLayers,
    size = 0;
  for (let level = 0; level < t.mipLevelCount; level++) {
    size += Math.ceil((w * t.sampleCount) / b.width) * Math.ceil((h * t.sampleCount) / b.height) * d * bytes;
    w = Math.max(1, w >> 1);
    h = Math.max(1, h >> 1);
    if (t.dimension === '3d') d = Math.max(1, d >> 1);
  }
  return size;
}

const rowsOut = flag('--rows');
if (rowsOut) {
  const out = [SWEEP_COLUMNS.join(',')];
  for (const t of textures) {
    const i = vulkanImageOfTexture(extent(t));
    if (i)
      out.push(
        `image,${i.flags},,,${i.imageType},${i.format},${i.width},${i.height},${i.depth},${i.mipLevels},${i.arrayLayers},${i.samples},${i.tiling},${i.usage},,,,,`,
      );
  }
  writeFileSync(rowsOut, out.join('\n') + '\n');
  console.log(`${out.length - 1} images → ${rowsOut}`);
  process.exit(0);
}

// The real images and answers, in creation order.
const real = [];
const gfxr = flag('--gfxr');
const answers = flag('--answers');
if (gfxr) {
  // The product's own GFXReconstruct reader: vkCreateImage create infos with the driver's answers.
  const capture = await loadCapture(gfxr);
  for (const e of capture.events) if (e.op === 'create' && e.kind === 'image') real.push({ ci: e.image, size: e.requirements?.size });
} else if (answers) {
  for (const r of parseSweepCsv(read(answers), answers)) real.push({ ci: r.image, size: r.requirements.size });
} else {
  console.error('usage: compare.mjs TEXTURES.jsonl (--gfxr CAPTURE | --answers SWEEP.csv | --rows OUT.csv) [--json]');
  process.exit(2);
}
/** The adapter as a person reads it: its description, else what --adapter gave (vendor, architecture, backend). */
const adapterName = adapter?.description || [adapter?.vendor, adapter?.architecture, adapter?.backend].filter(Boolean).join(' ') || 'an unnamed adapter';
if (textures.length === 0) throw new Error(`${args[0]}: no textures (did the workload find an adapter?)`);
if (real.length !== textures.length) throw new Error(`${textures.length} textures but ${real.length} Vulkan images: cannot pair them`);

let sameCreateInfo = 0;
/** @type {{ known: number[], packed: number[], webgpuMemory: number[] }} */
const err = { known: [], packed: [], webgpuMemory: [] };
let estimatedKnown = 0;
for (let i = 0; i < textures.length; i++) {
  const t = extent(textures[i]);
  const r = real[i];
  const mine = vulkanImageOfTexture(t);
  if (
    mine &&
    mine.format === r.ci.format &&
    mine.imageType === r.ci.imageType &&
    mine.width === r.ci.width &&
    mine.height === r.ci.height &&
    mine.depth === r.ci.depth &&
    mine.usage === r.ci.usage &&
    mine.flags === r.ci.flags &&
    mine.mipLevels === r.ci.mipLevels &&
    mine.arrayLayers === r.ci.arrayLayers &&
    mine.samples === r.ci.samples
  )
    sameCreateInfo++;
  const k = textureSize(t, adapter);
  if (k?.estimated) estimatedKnown++;
  const p = textureSize(t, undefined);
  const w = webgpuMemory(t);
  const rel = (x) => (x === undefined ? Number.NaN : (x - r.size) / r.size);
  err.known.push(rel(k?.bytes));
  err.packed.push(rel(p?.bytes));
  err.webgpuMemory.push(rel(w));
}
function dist(xs) {
  const a = xs
    .filter((x) => !Number.isNaN(x))
    .map(Math.abs)
    .sort((x, y) => x - y);
  const q = (f) => a[Math.min(a.length - 1, Math.floor(f * a.length))] ?? Number.NaN;
  const under = xs.filter((x) => x < 0).length;
  return { n: a.length, exact: a.filter((x) => x === 0).length, median: q(0.5), p90: q(0.9), max: a[a.length - 1] ?? Number.NaN, under };
}
const result = {
  adapter,
  textures: textures.length,
  sameCreateInfo,
  estimatedWithAdapter: estimatedKnown,
  vramscope: dist(err.known),
  vramscopePacked: dist(err.packed),
  webgpuMemory: dist(err.webgpuMemory),
};
if (args.includes('--json')) console.log(JSON.stringify(result));
else {
  const pct = (x) => `${(100 * x).toFixed(1)} %`;
  console.log(
    gfxr
      ? `${textures.length} textures on ${adapterName}; Dawn's create info equals vramscope's for ${sameCreateInfo}`
      : `${textures.length} textures on ${adapterName}; the images are vramscope's Dawn mapping (checked against Dawn's own with --gfxr), the sizes the driver's answers`,
  );
  console.log('| sizing | exact | median error | 90th percentile | largest | below the driver |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  /** @type {Array<[string, ReturnType<typeof dist>]>} */
  const rows = [
    ['vramscope, adapter known', result.vramscope],
    ['vramscope, adapter unknown (packed)', result.vramscopePacked],
    ["webgpu-memory's formula", result.webgpuMemory],
  ];
  for (const [name, d] of rows) console.log(`| ${name} | ${d.exact}/${d.n} | ${pct(d.median)} | ${pct(d.p90)} | ${pct(d.max)} | ${d.under} |`);
}
