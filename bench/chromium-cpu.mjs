// CPU time of Chromium's threads, from Linux's /proc, for the benchmarks that run headless Chromium.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/**
 * CPU ticks of every thread of every live Chromium process, by `pid/tid`, with the process type
 * and thread name (`renderer:DedicatedWorker`, `renderer:ThreadPoolForeg`, …); empty without /proc.
 */
function chromiumThreads() {
  const out = new Map();
  if (!existsSync('/proc/self/stat')) return out;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('chromium')) continue;
      const type = cmd.match(/--type=([a-z-]+)/)?.[1] ?? 'browser';
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const st = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = st.slice(st.indexOf('(') + 1, st.lastIndexOf(')'));
        const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
        out.set(`${pid}/${tid}`, { key: `${type}:${name}`, ticks: Number(f[11]) + Number(f[12]) });
      }
    } catch {
      // Gone meanwhile (a worker's thread, a helper).
    }
  }
  return out;
}

/**
 * Starts sampling every Chromium thread every 50 ms and returns `stop`: a worker's thread may be gone
 * by then, so its last sample stands for it. `stop()` gives CPU seconds since the start, in all and
 * by thread kind: Web Workers (`workersS`), V8's and Blink's helper threads (`poolS`), the pages'
 * main threads (`pageS`); undefined without /proc.
 */
export function threadMeter() {
  const base = chromiumThreads();
  const seen = new Map(base);
  const timer = setInterval(() => {
    for (const [k, v] of chromiumThreads()) seen.set(k, v);
  }, 50);
  return () => {
    clearInterval(timer);
    for (const [k, v] of chromiumThreads()) seen.set(k, v);
    if (!seen.size) return undefined;
    const by = new Map();
    for (const [k, v] of seen) {
      const d = v.ticks - (base.get(k)?.ticks ?? 0);
      if (d > 0) by.set(v.key, (by.get(v.key) ?? 0) + d);
    }
    const s = (key) => Math.round(by.get(key) ?? 0) / 100; // USER_HZ, 100 on Linux
    const total = [...by.values()].reduce((a, b) => a + b, 0) / 100;
    return {
      cpuS: Math.round(total * 100) / 100,
      workersS: s('renderer:DedicatedWorker'),
      poolS: s('renderer:ThreadPoolForeg'),
      pageS: s('renderer:chromium'),
    };
  };
}
