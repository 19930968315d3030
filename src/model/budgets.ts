// Memory budgets: limits an app sets on its own GPU memory, per system (render targets, staging, …),
// per heap, or on the total. A soft limit warns, a hard limit is a violation (CI fails the build), and
// a frame-delta threshold bounds how much one frame may allocate. Traces carry them; the frame engine
// and the runtime's budget manager check them.

export type BudgetScope = 'total' | 'system' | 'heap';

export interface Budget {
  readonly scope: BudgetScope;
  /** System name, heap index as text, or `total`. */
  readonly name: string;
  /** Live bytes above this warn. */
  readonly soft?: number;
  /** Live bytes above this are a violation. */
  readonly hard?: number;
  /** Bytes allocated within one frame (gross) above this warn. */
  readonly frameDelta?: number;
}

/** `total`, `system RenderTargets`, `heap 0`: how a budget is named in messages. */
export function budgetLabel(b: Pick<Budget, 'scope' | 'name'>): string {
  return b.scope === 'total' ? 'total' : b.scope === 'heap' ? `heap ${b.name}` : b.name;
}
