// Warnings that carry where they happened. Readers recover from what they can and report it here;
// they throw a `SourceError` only when nothing useful can be read.

export interface SourcePosition {
  readonly file?: string;
  /** 1-based line. */
  readonly line?: number;
  /** 1-based column on `line` (JSON sources), when known. */
  readonly column?: number;
  /** 0-based byte offset (for binary and JSON sources). */
  readonly offset?: number;
}

export interface Diagnostic extends SourcePosition {
  /** Stable kebab-case code, e.g. `unknown-function`, `destroy-unknown-handle`. */
  readonly code: string;
  readonly message: string;
}

/** `file:line: message`, the form editors and CI logs link. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = [d.file, d.line !== undefined ? String(d.line) : undefined, d.line !== undefined && d.column !== undefined ? String(d.column) : undefined]
    .filter(Boolean)
    .join(':');
  const off = d.offset !== undefined && d.line === undefined ? `${where ? ' ' : ''}(byte ${d.offset})` : '';
  return `${where}${off}${where || off ? ': ' : ''}${d.message}`;
}

export class SourceError extends Error {
  constructor(
    message: string,
    readonly position: SourcePosition = {},
  ) {
    super(formatDiagnostic({ ...position, code: 'error', message }));
    this.name = 'SourceError';
  }
}

/**
 * Collects warnings. Keeps the first `perCode` of each code so a hostile file cannot grow memory
 * without bound, and counts the rest: nothing is silently lost.
 */
export class Diagnostics {
  readonly list: Diagnostic[] = [];
  readonly counts = new Map<string, number>();
  constructor(
    readonly file?: string,
    private readonly perCode = 200,
  ) {}

  warn(code: string, message: string, at: SourcePosition = {}): void {
    const n = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, n);
    if (n <= this.perCode) this.list.push({ file: this.file, ...at, code, message });
  }

  get total(): number {
    let t = 0;
    for (const n of this.counts.values()) t += n;
    return t;
  }

  /** Lines like "… and 1234 more `unknown-function` warnings" for codes past the cap. */
  overflow(): string[] {
    const out: string[] = [];
    for (const [code, n] of this.counts) if (n > this.perCode) out.push(`… and ${n - this.perCode} more '${code}' warnings`);
    return out;
  }
}
