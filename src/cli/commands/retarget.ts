// `vramscope retarget <capture> --device P [--device Q …]`: will this capture fit on that GPU, what
// fails, and why — offline, for many devices at once.

import type { Command } from 'commander';
import { action, ExitCode, UsageError, writeJson, writeText } from '../util.js';

const collect = (v: string, prev: string[]) => [...prev, v];

export function register(program: Command): void {
  program
    .command('retarget')
    .summary('replay a capture\'s buffers and images onto other devices: fits or not, per-heap peaks, failures with reasons')
    .description(
      'Places every buffer and image of a capture (GFXReconstruct .gfxr/.jsonl, lavatube .api) on each target\n' +
      'device, the way a portable replayer would, without a GPU:\n' +
      '  - memory type re-chosen from intent: the capture type\'s flags, whether the host mapped or wrote the\n' +
      '    memory, usage flags (a DEVICE_LOCAL|HOST_VISIBLE type that was never mapped only needed VRAM);\n' +
      '  - requirements re-derived for the target (buffers by their used size, images at least the capture\'s\n' +
      '    size); on the capture device itself, the capture\'s own requirements;\n' +
      '  - placement by a policy: vma (VMA 3.3 model, like GFXReconstruct -m rebind), object-pools (lavatube:\n' +
      '    per-thread, per-type 32 MiB pools, deferred frees, shared pools never shrink) or verbatim (the\n' +
      '    capture\'s own VkDeviceMemory, types and offsets, like replay without memory translation).\n' +
      'Per target: fits or not, each heap\'s peak against its size and budget, every object that could not be\n' +
      'placed with a reason code (all of them, not only the first), and the rule that gave each object its type.',
    )
    .argument('<capture>', 'capture file (.gfxr, .jsonl, .jsonl.gz, .api)')
    .option('-d, --device <profile>', 'target: built-in profile name (vramscope devices), device.json, vulkaninfo output or profile JSON; repeatable', collect, [])
    .option('--all-devices', 'every built-in profile as a target')
    .option('--policy <name>', 'placement policy: vma, object-pools, verbatim', 'vma')
    .option('--json', 'print one JSON object: {targets: [{device, fits, heaps, failures, explanations, …}]}')
    .option('--no-explain', 'leave the per-object explanations out of --json (large captures)')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--max-failures <n>', 'failure rows per reason in the text output (all are in --json)', '10')
    .addHelpText('after', `
Reason codes: no-compatible-type, heap-exhausted, over-max-allocation-size, allocation-count-limit,
unknown-requirements; verbatim also: no-such-memory-type, type-flags-differ, type-not-allowed,
misaligned, requirements-grew, memory-not-placed.

Examples:
  vramscope retarget capture.gfxr --device lavapipe --device swiftshader
  vramscope retarget trace.api --all-devices --policy object-pools
  vramscope retarget capture.jsonl.gz --device ./device.json --json | jq '.targets[] | {device, fits, failures: (.failures | length)}'
  vramscope retarget capture.gfxr --device mobile-tiler --json | jq '.targets[0].explanations[] | select(.ambiguous)'

Exit code: 0 every target fits, 3 at least one does not (a CI matrix gate), 1 unreadable input, 2 usage.`)
    .action(action(async (input: string, opts: { device: string[]; allDevices?: boolean; policy: string; json?: boolean; explain: boolean; output?: string; maxFailures: string }) => {
      const { POLICIES } = await import('../../analysis/retarget-policies.js');
      if (!(POLICIES as readonly string[]).includes(opts.policy)) throw new UsageError(`--policy must be one of ${POLICIES.join(', ')}, not "${opts.policy}"`);
      const { resolveTarget, builtinTargets } = await import('../../analysis/retarget-devices.js');
      const targets = opts.device.map((d) => {
        try { return resolveTarget(d); } catch (e) { throw new UsageError((e as Error).message); }
      });
      if (opts.allDevices) targets.push(...builtinTargets());
      if (!targets.length) throw new UsageError('give at least one --device (or --all-devices); `vramscope devices` lists the built-in profiles');
      const { loadCapture } = await import('../../formats/open-node.js');
      const { Diagnostics } = await import('../../model/diagnostics.js');
      const diag = new Diagnostics(input);
      const capture = await loadCapture(input, diag);
      const { retarget } = await import('../../analysis/retarget.js');
      const result = retarget(capture, targets, { policy: opts.policy as 'vma', explain: opts.json ? opts.explain : false });
      const warnings = { warnings: diag.list, warningCount: diag.total };
      if (opts.json) writeJson({ ...result, ...warnings }, opts.output);
      else {
        const { retargetToText } = await import('../../analysis/retarget-text.js');
        writeText(retargetToText(result, { maxFailures: Number(opts.maxFailures) || 10 }) + (diag.total ? `${diag.total} reader warning(s); see --json\n` : ''), opts.output);
      }
      return result.fitsAll ? ExitCode.OK : ExitCode.LIMIT;
    }));
}
