// Counts the objects and bytes whose memory requirements are estimates (no rule of the driver covers
// their create info), with the most frequent reasons, so that replay, retarget and the viewer can say
// how much of their answer rests on guesses.

import type { MemoryRequirements } from '../model/objects.js';

export interface EstimateSummary {
  readonly objects: number;
  readonly bytes: number;
  /** The most frequent reasons, most objects first. */
  readonly reasons: readonly { readonly reason: string; readonly objects: number }[];
}

/** Distinct reasons kept: reasons name formats and flags, so a hostile input could make many. */
const MAX_REASONS = 64;

export class EstimateTally {
  objects = 0;
  bytes = 0;
  private readonly reasons = new Map<string, number>();

  add(req: MemoryRequirements): void {
    if (!req.estimated) return;
    this.objects++;
    this.bytes += req.size;
    const n = this.reasons.get(req.estimated);
    if (n !== undefined) this.reasons.set(req.estimated, n + 1);
    else if (this.reasons.size < MAX_REASONS) this.reasons.set(req.estimated, 1);
  }

  summary(top = 5): EstimateSummary {
    const reasons = [...this.reasons]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([reason, objects]) => ({ reason, objects }));
    return { objects: this.objects, bytes: this.bytes, reasons };
  }
}
