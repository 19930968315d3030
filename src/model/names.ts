// Name groups: allocations of one kind differ only by counters and sizes in their names
// (`depth_1280x720_gen3`, `stream_tex004_2048x2048`). Folding digit runs to `#` groups them.

/** `depth_1280x720_gen3` → `depth_#x#_gen#`. A character loop: engines call this per event. */
export function nameGroup(name: string | undefined): string {
  if (name === undefined || name === '') return '(unnamed)';
  const len = name.length;
  let i = 0;
  while (i < len && !isDigit(name.charCodeAt(i))) i++;
  if (i === len) return name;
  let out = name.slice(0, i);
  while (i < len) {
    if (isDigit(name.charCodeAt(i))) {
      out += '#';
      while (i < len && isDigit(name.charCodeAt(i))) i++;
    } else {
      const start = i;
      while (i < len && !isDigit(name.charCodeAt(i))) i++;
      out += name.slice(start, i);
    }
  }
  return out;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
