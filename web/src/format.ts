export { formatBytes, formatDelta } from '../../src/model/units';

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
