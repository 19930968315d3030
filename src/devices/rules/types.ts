// What a requirement rule answers: VkMemoryRequirements with the dedicated flags and, when no rule of
// the driver covers the create info, `estimated` with the reason.

import type { BufferCreateInfo, ImageCreateInfo, MemoryRequirements } from '../../model/objects.js';

export type RuleAnswer = MemoryRequirements;

/** What is asked about: a buffer or an image create info. */
export type RequirementSubject = { kind: 'buffer'; buffer: BufferCreateInfo } | { kind: 'image'; image: ImageCreateInfo };
