// The retarget result: what `vramscope retarget --json` prints and the viewer shows. Types only.

import type { EstimateSummary } from '../../devices/estimates.js';
import type { IntentClass } from './intent.js';
import type { FailureReason, PolicyName } from './policies.js';

export interface RetargetOptions {
  readonly policy?: PolicyName;
  /** Per-object explanations in the result (default true; the CLI's text view shows them grouped). */
  readonly explain?: boolean;
}

export interface HeapResult {
  readonly index: number;
  readonly size: number;
  readonly deviceLocal: boolean;
  /** VK_EXT_memory_budget's budget when the profile has one, else VMA's estimate (80 % of the heap). */
  readonly budget: number;
  readonly budgetSource: 'device' | 'estimate';
  /** Highest live VkDeviceMemory bytes the policy held in this heap, and where. */
  readonly peak: number;
  readonly peakFrame: number;
  readonly peakSeq: number;
  readonly overBudget: boolean;
  readonly overSize: boolean;
  /** size − peak (negative when over-committed). */
  readonly headroom: number;
  /** At the peak: bytes objects occupied, and the rest (free block space, pool slack, frees not yet carried out). */
  readonly usedAtPeak: number;
  readonly unusedAtPeak: number;
}

export interface Failure {
  readonly object: number;
  readonly handle: string;
  readonly name: string | null;
  readonly kind: string;
  /** Bytes the target requires for it (0 when unknown). */
  readonly size: number;
  readonly frame: number;
  readonly seq: number;
  /** Capture line of the object's create, when the format has lines. */
  readonly line: number;
  readonly reason: FailureReason;
  readonly detail: string;
  readonly memoryType?: number;
  readonly heap?: number;
  readonly intent?: IntentClass;
}

export interface Explanation {
  readonly object: number;
  readonly handle: string;
  readonly name: string | null;
  readonly kind: string;
  readonly size: number;
  readonly captureType: number | null;
  readonly captureFlags: string | null;
  readonly type: number | null;
  readonly flags: string | null;
  readonly intent: IntentClass;
  readonly rule: string;
  readonly ambiguous?: boolean;
  readonly note?: string;
}

export interface RuleGroup {
  readonly rule: string;
  readonly intent: IntentClass;
  readonly captureType: number | null;
  readonly type: number | null;
  readonly count: number;
  readonly bytes: number;
}

export interface TargetResult {
  readonly device: string;
  readonly deviceName: string;
  readonly source: string;
  readonly policy: PolicyName;
  readonly fits: boolean;
  /** One line: why it fits or not. */
  readonly verdict: string;
  readonly heaps: readonly HeapResult[];
  readonly memoryTypes: ReadonlyArray<{ index: number; heap: number; properties: string; objects: number; peak: number }>;
  readonly objects: number;
  readonly placed: number;
  readonly failures: readonly Failure[];
  readonly failureCounts: Readonly<Record<string, number>>;
  /** How requirements were found: the capture's own (same device) or the requirement model. */
  readonly requirements: 'capture' | 'model';
  readonly requirementsGrew: { readonly count: number; readonly bytes: number };
  /** Objects whose requirements on this target are estimates (no rule of its driver covers them), with the reasons. */
  readonly estimatedRequirements: EstimateSummary;
  /** VkDeviceMemory objects the policy made: live at the end, the most at once, and the device's limit. */
  readonly deviceMemory: { readonly allocations: number; readonly peakLive: number; readonly maxMemoryAllocationCount: number };
  /** vma policy: linear/optimal neighbours on one bufferImageGranularity page (what VMA 3.3.0 allows, issue #517). */
  readonly granularityConflicts?: number;
  readonly rules: readonly RuleGroup[];
  readonly explanations?: readonly Explanation[];
}

export interface RetargetResult {
  readonly tool: 'vramscope';
  readonly command: 'retarget';
  readonly input: { readonly source: string; readonly format: string };
  readonly capture: { readonly device: string; readonly heaps: ReadonlyArray<{ index: number; size: number; peak: number }> };
  /** The policy, or several joined by commas when policies are compared (each target names its own). */
  readonly policy: string;
  readonly objects: number;
  /** Buffers/images left out: never bound in the capture (hold no memory) or without any size. */
  readonly skipped: { readonly unbound: number; readonly noMemory: number };
  readonly ambiguous: number;
  /** Resources the capture bound over each other while both were alive: kept together on every target. */
  readonly aliasGroups: { readonly groups: number; readonly objects: number };
  readonly targets: readonly TargetResult[];
  readonly fitsAll: boolean;
}
