// What every command shares: error-to-exit-code at one edge, JSON printing, option parsing helpers.

import { type Diagnostics, formatDiagnostic, SourceError } from '../model/diagnostics.js';
import { writeFileSync } from 'node:fs';

/** Exit codes: 0 fine, 1 input could not be read, 2 usage, 3 a limit was crossed (CI gates). */
export const ExitCode = { OK: 0, ERROR: 1, USAGE: 2, LIMIT: 3 } as const;

export class UsageError extends Error {}

/** Wraps a command action: library errors become one message on stderr and an exit code. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number | undefined> | number | undefined) {
  return async (...args: A): Promise<void> => {
    try {
      const code = await fn(...args);
      if (typeof code === 'number') process.exitCode = code;
    } catch (e) {
      if (e instanceof SourceError) {
        process.stderr.write(`vramscope: error: ${e.message}\n`);
        process.exitCode = ExitCode.ERROR;
      } else if (e instanceof UsageError) {
        process.stderr.write(`vramscope: ${e.message}\n`);
        process.exitCode = ExitCode.USAGE;
      } else {
        const err = e as Error;
        process.stderr.write(`vramscope: internal error: ${err.stack ?? err.message}\n`);
        process.exitCode = ExitCode.ERROR;
      }
    }
  };
}

/** JSON with bigint as decimal strings; to stdout or a file. */
export function writeJson(value: unknown, file?: string): void {
  const text = JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n';
  if (file && file !== '-') writeFileSync(file, text);
  else process.stdout.write(text);
}

export function writeText(text: string, file?: string): void {
  if (file && file !== '-') writeFileSync(file, text);
  else process.stdout.write(text);
}

/** A picture too large for a PNG is a choice of output, not a bug: say so as a usage error. */
export function pngOrUsageError<T>(draw: () => T): T {
  try {
    return draw();
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(e.message);
    throw e;
  }
}

/** The profile named by a --device flag (a built-in name or a file), or undefined when absent; bad names are usage errors. */
export async function deviceOption(device: string | undefined): Promise<import('../model/profile.js').DeviceProfile | undefined> {
  if (device === undefined) return undefined;
  const { resolveDevice } = await import('../node/devices.js');
  try {
    return resolveDevice(device);
  } catch (e) {
    throw new UsageError(`--device: ${(e as Error).message}`);
  }
}

/** Prints a read's warnings on stderr, with file and line: the first `max`, then how many more. */
export function printWarnings(d: Diagnostics, max = 20): void {
  for (const w of d.list.slice(0, max)) process.stderr.write(`warning: ${formatDiagnostic(w)}\n`);
  if (d.total > max) process.stderr.write(`… ${d.total - max} more warnings\n`);
}
