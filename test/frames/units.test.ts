// The seed's log lines reproduced exactly, rules and budgets files (and their errors), the heatmap's escaping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameLogLine, thresholdLogLine } from '../../src/engines/frames/log.js';
import { SystemClassifier, namePrefix } from '../../src/engines/frames/systems.js';
import { parse as yaml } from 'yaml';
import { parseSystemRules, parseBudgets, resolveBudgets } from '../../src/engines/frames/config.js';

import { renderHeatmapSvg } from '../../src/views/heatmap/svg.js';

test("the design document's two log lines, byte for byte", () => {
  const KB = 1024,
    MB = 1024 * 1024;
  assert.equal(
    frameLogLine(1234, 2.5 * MB, [
      { system: 'staging', net: 256 * KB },
      { system: 'AS', net: 2.25 * MB },
    ]),
    '[FRAME 1234] GPU alloc delta: +2.5 MB (AS: 2.25 MB, staging: 256 KB)',
  );
  assert.equal(thresholdLogLine(5 * MB, 1 * MB), '[WARN] Frame allocation exceeded threshold: 5.0 MB > 1.0 MB limit');
  assert.equal(frameLogLine(7, -3 * MB, [{ system: 'RT', net: -3 * MB }]), '[FRAME 7] GPU alloc delta: -3.0 MB (RT: -3.0 MB)');
});

test('systems: rules in file order, prefix fallback, errors name the file and the rule', () => {
  const rules = parseSystemRules(
    yaml('systems:\n  RenderTargets: "^depth_|^gbuffer_"\n  Staging: ["^staging_"]\nrules:\n  - { match: ".", kind: image, system: Images }\n'),
    's.yaml',
  );
  const c = new SystemClassifier(rules);
  assert.equal(c.classify('depth_1280x720_gen0', 'image'), 'RenderTargets');
  assert.equal(c.classify('staging_tex04', 'buffer'), 'Staging');
  assert.equal(c.classify('tex04_1024x2048', 'image'), 'Images');
  assert.equal(c.classify('mesh03_vb', 'buffer'), 'mesh');
  assert.equal(c.classify(undefined, 'buffer'), '(unnamed)');
  assert.equal(namePrefix('42_thing'), '#_thing');
  assert.throws(() => parseSystemRules(yaml('systems:\n  Bad: "(["\n'), 'x.yaml'), /x\.yaml: systems\.Bad\[0\]: bad regular expression/);
  assert.throws(() => parseSystemRules('[1, 2]', 'x.json'), /x\.json: expected an object/);
  assert.equal(new SystemClassifier(parseSystemRules('{"systems": {"A": "^a"}, "fallback": "Other"}')).classify('zzz'), 'Other');
  assert.throws(() => parseSystemRules('systems: {A: x}', 'y.yaml'), /y\.yaml: not JSON: .*YAML files are read by vramscope\/node/);
});

test('budgets: sizes, percent of heap, errors', () => {
  const f = parseBudgets(
    yaml('threshold: 1MiB\ntotal: { hard: 512MiB }\nsystems:\n  RT: { soft: 64MiB, frameDelta: 1000 }\nheaps:\n  0: { soft: 80%, hard: 1GiB }\n'),
  );
  const { budgets, problems } = resolveBudgets(f, [2 * 1024 ** 3]);
  assert.deepEqual(problems, []);
  assert.deepEqual(
    budgets.find((b) => b.scope === 'total'),
    { scope: 'total', name: 'total', hard: 512 * 1024 ** 2, frameDelta: 1024 ** 2 },
  );
  assert.deepEqual(
    budgets.find((b) => b.scope === 'system'),
    { scope: 'system', name: 'RT', soft: 64 * 1024 ** 2, frameDelta: 1000 },
  );
  assert.deepEqual(
    budgets.find((b) => b.scope === 'heap'),
    { scope: 'heap', name: '0', soft: Math.floor(0.8 * 2 * 1024 ** 3) },
  );
  assert.match(resolveBudgets(f, []).problems[0]!, /heap 0: percent budget/);
  assert.throws(() => parseBudgets(yaml('total: { hard: lots }'), 'b.yaml'), /b\.yaml: total\.hard: not a size/);
  assert.throws(() => parseBudgets(yaml('systems: { RT: { soft: 10% } }'), 'b.yaml'), /percent limits are for heaps only/);
  assert.throws(() => parseBudgets(yaml('limits: {}'), 'b.yaml'), /unknown key "limits"/);
});

test('heatmap SVG escapes hostile system names', () => {
  const svg = renderHeatmapSvg({
    systems: ['<img src=x onerror=alert(1)>'],
    columnFrames: [0],
    framesPerColumn: 1,
    values: [[4096]],
    max: 4096,
  });
  assert.ok(!svg.includes('<img'));
  assert.ok(svg.includes('&lt;img src=x onerror=alert(1)&gt;'));
});
