// A measured device: a profile plus the answers its driver gave for the create infos of probe sweeps
// (tools/vk-req-probe.c, `vramscope devices probe`). A create info found in the sweeps is answered
// exactly as the driver did; the driver family's rules answer the rest.

import type { MemoryRequirements } from '../model/objects.js';
import type { DeviceProfile, MeasuredRequirements } from '../model/profile.js';
import { type SweepRow, subjectKey, subjectOfRow } from './sweep.js';

class SweepAnswers implements MeasuredRequirements {
  private readonly answers = new Map<string, MemoryRequirements>();
  readonly rows: number;

  constructor(
    rows: readonly SweepRow[],
    readonly source: string,
  ) {
    // A create info asked twice keeps its first answer: drivers answer the same create info the same way.
    for (const r of rows) {
      const key = subjectKey(subjectOfRow(r));
      if (!this.answers.has(key)) this.answers.set(key, r.requirements);
    }
    this.rows = this.answers.size;
  }

  lookup(key: string): MemoryRequirements | undefined {
    return this.answers.get(key);
  }

  toJSON(): { source: string; rows: number } {
    return { source: this.source, rows: this.rows };
  }
}

/** The profile with the sweeps' answers attached; `source` names the sweep files for messages and JSON. */
export function withMeasurements(profile: DeviceProfile, rows: readonly SweepRow[], source: string): DeviceProfile {
  return { ...profile, measured: new SweepAnswers(rows, source) };
}
