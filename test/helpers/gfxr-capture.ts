// Runs a Node program under GFXReconstruct's capture layer and reads the capture back with the
// product's own reader: the Vulkan images the program's WebGPU implementation (Dawn) created, with
// what the driver answered for each, in creation order. The ground truth for WebGPU texture sizes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCapture } from '../../src/node/index.js';
import type { ImageCreateInfo, MemoryRequirements } from '../../src/model/objects.js';
import { repoRoot } from './data.js';

const LAYER = '/usr/share/vulkan/explicit_layer.d/VkLayer_gfxreconstruct.json';
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

export interface CapturedRun {
  readonly stdout: string;
  readonly images: ReadonlyArray<{ readonly image: ImageCreateInfo; readonly requirements?: MemoryRequirements }>;
  readonly capture: string;
}

/** Why a capture cannot be taken on this machine, or undefined when it can. */
export function captureUnavailable(): string | undefined {
  if (!existsSync(LAYER)) return `GFXReconstruct's capture layer is not installed (${LAYER}; Debian package gfxreconstruct)`;
  if (!existsSync(SWIFTSHADER_ICD)) return `SwiftShader's Vulkan ICD is not installed (${SWIFTSHADER_ICD}; Debian package chromium)`;
  return undefined;
}

/** Runs `node args…` with the capture layer on SwiftShader; throws with the program's stderr when it fails. */
export async function captureNode(args: readonly string[], timeoutMs = 120_000): Promise<CapturedRun> {
  const capture = join(mkdtempSync(join(tmpdir(), 'vs-gfxr-')), 'run.gfxr');
  const r = spawnSync(process.execPath, args, {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: {
      ...process.env,
      VK_ICD_FILENAMES: SWIFTSHADER_ICD,
      VK_INSTANCE_LAYERS: 'VK_LAYER_LUNARG_gfxreconstruct',
      GFXRECON_CAPTURE_FILE: capture,
      GFXRECON_CAPTURE_FILE_TIMESTAMP: 'false',
    },
  });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status} ${r.signal ?? ''}: ${r.stderr.slice(-2000)}`);
  if (!existsSync(capture)) throw new Error(`the capture layer wrote no file (${capture}); stderr: ${r.stderr.slice(-2000)}`);
  const c = await loadCapture(capture);
  const images = [];
  for (const e of c.events)
    if (e.op === 'create' && e.kind === 'image' && e.image) images.push({ image: e.image, ...(e.requirements ? { requirements: e.requirements } : {}) });
  return { stdout: r.stdout, images, capture };
}
