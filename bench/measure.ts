/**
 * Timing and memory helpers for one measurement in a child process.
 */
import * as v8 from 'v8';

/** What one measured run cost. */
export interface Sample {
  /** Wall time, milliseconds. */
  readonly ms: number;
  /** CPU time of the process (user + system, all threads: GC helpers included), milliseconds. */
  readonly cpuMs: number;
  /** Peak V8 heap in use during the run (largest heap seen before any GC, or at the end), bytes. */
  readonly peakHeap: number;
  /**
   * Peak live heap: the largest heap left after a GC during the run (or at the end), bytes. Garbage
   * waiting for the next GC is in `peakHeap`, not here; what the program held is at least this.
   */
  readonly peakLive: number;
  /** Peak resident set size of the process so far, bytes. */
  readonly maxRss: number;
}

/** Forces a full GC when the process runs with --expose-gc (the bench always does). */
export function collectGarbage(): void {
  const gc = (globalThis as any).gc;
  if (typeof gc === 'function') {
    gc();
    gc();
  }
}

/**
 * Runs `fn` once after a full GC and returns its result with the time and peak memory it took.
 *
 * Peak heap comes from V8's GC profiler: the used heap size before each GC during the run, and at
 * the end, whichever is largest. It costs nothing between collections, so it does not skew timing.
 */
export function measure<T>(fn: () => T): { result: T; sample: Sample } {
  const run = start();
  const result = fn();
  return { result, sample: run.stop() };
}

/** Like {@link measure}, for an async function. */
export async function measureAsync<T>(fn: () => Promise<T>): Promise<{ result: T; sample: Sample }> {
  const run = start();
  const result = await fn();
  return { result, sample: run.stop() };
}

function start(): { stop: () => Sample } {
  collectGarbage();
  const profiler = new v8.GCProfiler();
  profiler.start();
  const cpu = process.cpuUsage();
  const begin = process.hrtime.bigint();
  return {
    stop: () => {
      const end = process.hrtime.bigint();
      const used = process.cpuUsage(cpu);
      const endHeap = process.memoryUsage().heapUsed;
      const stats = profiler.stop() as any;
      let peakHeap = endHeap;
      let peakLive = endHeap;
      for (const s of stats?.statistics ?? []) {
        const before = s?.beforeGC?.heapStatistics?.usedHeapSize;
        if (typeof before === 'number' && before > peakHeap) peakHeap = before;
        const after = s?.afterGC?.heapStatistics?.usedHeapSize;
        if (typeof after === 'number' && after > peakLive) peakLive = after;
      }
      return {
        ms: Number(end - begin) / 1e6,
        cpuMs: (used.user + used.system) / 1000,
        peakHeap,
        peakLive,
        maxRss: process.resourceUsage().maxRSS * 1024,
      };
    },
  };
}

/**
 * The best of several runs: the fastest time, with the largest peaks seen over all of them.
 *
 * Other processes only ever add time, so the fastest run is the closest to what the code costs.
 */
export function best(samples: Sample[]): Sample {
  const fastest = samples.reduce((a, b) => (b.ms < a.ms ? b : a));
  return {
    ...fastest,
    peakHeap: Math.max(...samples.map((s) => s.peakHeap)),
    peakLive: Math.max(...samples.map((s) => s.peakLive)),
    maxRss: Math.max(...samples.map((s) => s.maxRss)),
  };
}
