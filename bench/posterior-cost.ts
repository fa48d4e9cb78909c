/**
 * Whole-call cost of building a Posterior after NUTS (issue 21 item 2): CPU seconds of
 * `nuts().run()` against the chains' own sampling seconds, and the cost of the first summary()
 * (R̂, ESS, quantiles, convergence warnings), on eight schools, 4 chains × (1000 + 1000).
 *   npx tsx bench/posterior-cost.ts
 */
import { nuts } from '../src/backends/mcmc/nuts.js';
import eightSchools, { data } from '../examples/eight-schools.js';

const cpu = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1e6;
const m = eightSchools.compile({ J: data.J, sigma: data.sigma });
const x = m.flattenData({ y: data.y });
for (let rep = 0; rep < 5; rep++) {
  const c0 = process.cpuUsage();
  const post = (await nuts({ seed: rep + 1, workers: false, warmup: 1000, draws: 1000 }).run(m, [x], {}))[0]!;
  const whole = cpu(process.cpuUsage(c0));
  const s0 = process.cpuUsage();
  post.summary();
  void post.warnings;
  const summary = cpu(process.cpuUsage(s0));
  const chain = post.timing.chainSeconds!;
  console.log(JSON.stringify({
    rep, wholeCallCpu: +whole.toFixed(4), chainSeconds: +chain.toFixed(4),
    outsideChains: +(whole - chain).toFixed(4), firstSummaryCpu: +summary.toFixed(4),
    summaryOverSampling: +(summary / chain).toFixed(3), params: post.dim,
  }));
}
