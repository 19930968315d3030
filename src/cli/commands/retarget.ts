// `vramscope retarget <capture> --device P [--device Q …]`: will this capture fit on that GPU, what
// fails, and why — offline, for many devices at once.

import type { Command } from 'commander';
import type { DeviceProfile } from '../../model/profile.js';
import { action, ExitCode, UsageError, writeJson, writeText } from '../util.js';

const collect = (v: string, prev: string[]) => [...prev, v];

export function register(program: Command): void {
  program
    .command('retarget')
    .summary("replay a capture's buffers and images onto other devices: fits or not, per-heap peaks, failures with reasons")
    .description(
      'Places every buffer and image of a capture (GFXReconstruct .gfxr/.jsonl,\n' +
        'lavatube .api) on each target device the way a portable replayer would,\n' +
        'without a GPU:\n' +
        "  - memory type re-chosen from intent: the capture type's flags, whether\n" +
        '    the host mapped or wrote that memory, usage flags (a DEVICE_LOCAL|\n' +
        '    HOST_VISIBLE type that was never mapped only needed VRAM);\n' +
        '  - requirements re-derived for the target (buffers by used size, images at\n' +
        "    least the capture's size); on the capture device, the capture's own;\n" +
        '  - placement by policy: vma (VMA 3.3 model, like GFXReconstruct -m rebind),\n' +
        '    object-pools (lavatube: per-thread, per-type 32 MiB pools, deferred\n' +
        "    frees, pools never shrink), verbatim (the capture's own VkDeviceMemory,\n" +
        '    types and offsets, like replay without memory translation).\n' +
        "Per target: fits or not, each heap's peak against its size and budget,\n" +
        'every object that could not be placed with a reason code (all of them, not\n' +
        'only the first), and the rule that gave each object its memory type.',
    )
    .argument('<capture>', 'capture file (.gfxr, .jsonl, .jsonl.gz, .api)')
    .option(
      '-d, --device <profile>',
      'target: built-in profile name (vramscope devices), device.json, vulkaninfo output, profile JSON, or another GFXR capture (its device); repeatable',
      collect,
      [],
    )
    .option('--all-devices', 'every built-in profile as a target')
    .option('--policy <names>', 'placement policy: vma, object-pools, verbatim; several, comma-separated, to compare them', 'vma')
    .option('--json', 'print one JSON object: {targets: [{device, fits, heaps, failures, explanations, …}]}')
    .option('--no-explain', 'leave the per-object explanations out of --json (large captures)')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--max-failures <n>', 'failure rows per reason in the text output (all are in --json)', '10')
    .addHelpText(
      'after',
      `
Reason codes: no-compatible-type, heap-exhausted, over-max-allocation-size,
allocation-count-limit, unknown-requirements; verbatim also no-such-memory-type,
type-flags-differ, type-not-allowed, misaligned, requirements-grew,
memory-not-placed, no-capture-placement.

Examples:
  vramscope retarget capture.gfxr --device lavapipe --device swiftshader
  vramscope retarget trace.api --all-devices --policy vma,object-pools
  vramscope retarget capture.jsonl.gz --device ./device.json --json \\
    | jq '.targets[] | {device, policy, fits, failures: (.failures | length)}'
  vramscope retarget capture.gfxr --device mobile-tiler --json \\
    | jq '.targets[0].explanations[] | select(.ambiguous)'

Exit code: 0 every target fits, 3 at least one does not (a CI matrix gate),
1 unreadable input, 2 usage.`,
    )
    .action(
      action(
        async (
          input: string,
          opts: {
            device: string[];
            allDevices?: boolean;
            policy: string;
            json?: boolean;
            explain: boolean;
            output?: string;
            maxFailures: string;
          },
        ) => {
          const { POLICIES } = await import('../../engines/retarget/policies.js');
          const policies = opts.policy
            .split(',')
            .map((p) => p.trim())
            .filter(Boolean);
          for (const p of policies)
            if (!(POLICIES as readonly string[]).includes(p)) throw new UsageError(`--policy must be one of ${POLICIES.join(', ')}, not "${p}"`);
          if (!policies.length) throw new UsageError(`--policy needs a name: ${POLICIES.join(', ')}`);
          const { resolveTarget, builtinTargets } = await import('../../node/retarget-devices.js');
          const { existsSync } = await import('node:fs');
          const { openInput } = await import('../../node/open.js');
          const { detectReader } = await import('../../formats/index.js');
          const { loadCapture } = await import('../../node/open.js');
          const targets: DeviceProfile[] = [];
          for (const d of opts.device) {
            // Another capture as the target: its device profile (the GPU it was captured on).
            const reader = existsSync(d) ? detectReader(d, openInput(d).head) : undefined;
            if (reader?.traits.model === 'objects' && !reader.traits.hasMemoryProperties)
              throw new UsageError(
                `${d}: a ${reader.traits.label} does not record its device's memory heaps, so it cannot be a target; use a device.json, vulkaninfo output or a built-in profile`,
              );
            if (reader?.traits.model === 'objects') {
              const p = (await loadCapture(d)).profile;
              if (!p) throw new UsageError(`${d}: the capture has no device profile to retarget onto`);
              targets.push(p);
              continue;
            }
            try {
              targets.push(resolveTarget(d));
            } catch (e) {
              throw new UsageError((e as Error).message);
            }
          }
          if (opts.allDevices) targets.push(...builtinTargets());
          if (!targets.length) throw new UsageError('give at least one --device (or --all-devices); `vramscope devices` lists the built-in profiles');
          const { Diagnostics } = await import('../../model/diagnostics.js');
          const diag = new Diagnostics(input);
          const capture = await loadCapture(input, diag);
          if (capture.info.traits?.model !== 'objects') {
            // Recordings carry VMA calls, not Vulkan objects bound to memory: the VMA replay places those.
            throw new UsageError(
              `${input} is a ${capture.info.traits?.label ?? capture.info.format}, not a capture of Vulkan objects; retarget reads GFXReconstruct and lavatube captures. For VMA recordings use: vramscope replay ${input} --device …`,
            );
          }
          const { retarget, mergeRetargets } = await import('../../engines/retarget/retarget.js');
          const explain = opts.json ? opts.explain : false;
          const result = mergeRetargets(policies.map((policy) => retarget(capture, targets, { policy: policy as 'vma', explain })));
          const warnings = { warnings: diag.list, warningCount: diag.total };
          if (opts.json) writeJson({ ...result, ...warnings }, opts.output);
          else {
            const { retargetToText } = await import('../../engines/retarget/text.js');
            writeText(
              retargetToText(result, { maxFailures: Number(opts.maxFailures) || 10 }) + (diag.total ? `${diag.total} reader warning(s); see --json\n` : ''),
              opts.output,
            );
          }
          return result.fitsAll ? ExitCode.OK : ExitCode.LIMIT;
        },
      ),
    );
}
