// Name groups: allocations of one kind differ only by counters and sizes in their names
// (`depth_1280x720_gen3`, `stream_tex004_2048x2048`). Folding digit runs to `#` groups them.

export function nameGroup(name: string | undefined): string {
  if (name === undefined || name === '') return '(unnamed)';
  return name.replace(/[0-9]+/g, '#');
}
