/**
 * CONTRACT for benchmarks: each bench/<area>.bench.ts default-exports a `Benchmark`.
 * `npm run bench` (bench/run.ts) runs them all (or those named on the command line), and writes
 * bench/results/<id>.json and bench/results/<id>.md. Benchmarks report ratios against a baseline
 * measured in the same run; nothing here is asserted.
 */
export interface BenchTable {
  title: string;
  /** Column order is the key order of the first row. */
  rows: Record<string, string | number | null>[];
  /** Free text under the table: setup, peers, caveats. */
  notes?: string[];
}

export interface Benchmark {
  id: string; // file-name-safe: 'density', 'nuts', 'nn-engine', ...
  title: string;
  run(options: { quick: boolean; log: (line: string) => void }): Promise<BenchTable[]>;
}

/** Median wall time per call of `fn`, in seconds, after warm-up; runs for ~`seconds` in total. */
export function timePerCall(fn: () => void, seconds = 1): number {
  for (let i = 0; i < 10; i++) fn();
  const samples: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  let reps = 1;
  while (performance.now() < deadline || samples.length < 5) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn();
    const dt = (performance.now() - t0) / 1000;
    if (dt < 0.01) { reps *= 2; continue; }
    samples.push(dt / reps);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}
