// What a requirement rule answers: VkMemoryRequirements with the dedicated flags and, when no rule of
// the driver covers the create info, `estimated` with the reason.

import type { MemoryRequirements } from '../../model/objects.js';

export type RuleAnswer = MemoryRequirements;
