// Memory requirements from create info (what vkGet*MemoryRequirements2 would answer), per driver
// family. VMA call recordings of vmaCreateBuffer/vmaCreateImage carry create infos only, so a replay
// on any device needs this model. Each family's rules live in rules/<family>.ts and are scored on
// probe sweeps the rules were not written from (scripts/score-requirements.mjs, README "Memory
// requirements"). A measured device (devices/measured.ts) answers from its driver's own rows first.
// An answer no rule covers carries `estimated` with the reason.

import type { DeviceProfile } from '../model/profile.js';
import { formatBlock } from '../model/vk-format.js';
import { driverFamily } from './family.js';
import { subjectKey } from './sweep.js';
import { bufferOutsideCoverage, imageOutsideCoverage } from './rules/coverage.js';
import { genericBuffer, genericImage } from './rules/generic.js';
import { lavapipeBuffer, lavapipeImage } from './rules/lavapipe.js';
import { nvidiaBuffer, nvidiaImage } from './rules/nvidia.js';
import { swiftshaderBuffer, swiftshaderImage } from './rules/swiftshader.js';
import type { RequirementSubject, RuleAnswer } from './rules/types.js';

export type { RequirementSubject, RuleAnswer } from './rules/types.js';

function withReason(a: RuleAnswer, reason: string | undefined): RuleAnswer {
  if (!reason || a.estimated) return a;
  return { ...a, estimated: `${reason}; the answer follows the family's rule` };
}

/** Returns the requirements, or a reason when the model cannot answer at all (unknown format, no create info). */
export function modelRequirements(p: DeviceProfile, s: RequirementSubject | undefined): RuleAnswer | string {
  if (!s) return 'no memory requirements recorded and no buffer or image create info to model them from';
  if (p.measured) {
    const answer = p.measured.lookup(subjectKey(s));
    if (answer) return answer;
  }
  const family = driverFamily(p);
  if (s.kind === 'buffer') {
    const b = s.buffer;
    const a =
      family === 'nvidia'
        ? nvidiaBuffer(p, b)
        : family === 'lavapipe'
          ? lavapipeBuffer(p, b)
          : family === 'swiftshader'
            ? swiftshaderBuffer(p, b)
            : genericBuffer(p, b, family);
    return withReason(a, bufferOutsideCoverage(family, b.flags));
  }
  const img = s.image;
  const fb = formatBlock(img.format);
  if (!fb) return `VkFormat ${img.format} is not in the format table: cannot model the image's memory requirements`;
  const a =
    family === 'nvidia'
      ? nvidiaImage(p, img, fb)
      : family === 'lavapipe'
        ? lavapipeImage(p, img, fb)
        : family === 'swiftshader'
          ? swiftshaderImage(p, img, fb)
          : genericImage(p, img, fb, family);
  return withReason(a, imageOutsideCoverage(family, img));
}
