// What the probe sweeps measured per driver family: an answer for a create info outside it comes from
// the same rule but is marked estimated, with the reason. Formats are VkFormat values; each list is the
// formats the driver accepted in sweeps of the default and wide mixes (tools/vk-req-probe.c).

import type { ImageCreateInfo } from '../../model/objects.js';

interface Coverage {
  readonly formats: ReadonlySet<number>;
  readonly samples: ReadonlySet<number>;
}

const BASE = [4, 5, 8, 9, 10, 13, 16, 17, 37, 38, 41, 43, 44, 50, 51, 58, 64, 70, 74, 76, 77, 83, 91, 95, 97, 98, 100, 101, 103, 107, 109, 122, 123];
const BC = [131, 133, 135, 137, 139, 141, 143, 145, 146];

const COVERAGE: Record<string, Coverage> = {
  lavapipe: { formats: new Set([...BASE, 106, 124, 125, 126, 127, 129, 130, ...BC]), samples: new Set([1, 4]) },
  swiftshader: { formats: new Set([2, ...BASE, 124, 126, 127, 130, ...BC, 147, 151, 153, 155, 157, 161, 165, 171, 179, 183]), samples: new Set([1, 4]) },
  nvidia: { formats: new Set([2, ...BASE, 104, 106, 110, 124, 125, 126, 127, 129, 130, ...BC]), samples: new Set([1, 2, 4, 8, 16]) },
};

/** Image create flags whose layouts the sweeps measured: MUTABLE_FORMAT, CUBE_COMPATIBLE, 2D_ARRAY_COMPATIBLE. */
const MEASURED_IMAGE_FLAGS = 0x8 | 0x10 | 0x20;
/** Sparse buffers and images (SPARSE_BINDING/RESIDENCY/ALIASED) are never measured. */
const SPARSE = 0x1 | 0x2 | 0x4;

/** Why an image's answer is an estimate on this family, or undefined when the sweeps cover it. */
export function imageOutsideCoverage(family: string, img: ImageCreateInfo): string | undefined {
  const c = COVERAGE[family];
  if (!c) return undefined;
  if (!c.formats.has(img.format)) return `VkFormat ${img.format} was never measured on ${family}`;
  if (!c.samples.has(Math.max(1, img.samples))) return `${img.samples}× samples were never measured on ${family}`;
  const other = img.flags & ~MEASURED_IMAGE_FLAGS;
  if (other) return `image create flags 0x${other.toString(16)} were never measured on ${family}`;
  return undefined;
}

export function bufferOutsideCoverage(family: string, flags: number): string | undefined {
  if (!COVERAGE[family]) return undefined;
  return flags & SPARSE ? `sparse buffers were never measured on ${family}` : undefined;
}
