/**
 * `amortize check <model>`: run the model-semantics properties (src/cli/check/semantics.ts) and a
 * quick SBC, print PASS/FAIL per property with what is wrong, exit 0 when all hold and 1 otherwise.
 * With --out, the SBC rank histogram, ECDF and coverage plots are written there.
 */
import { join, resolve } from 'node:path';
import type { CompiledModel } from '../../lang/compiled-model.js';
import { centralCoverage } from '../../diagnostics/coverage.js';
import { coverageSpec } from '../../plots/coverage.js';
import { sbcEcdfSpec, sbcHistogramSpec } from '../../plots/sbc.js';
import { writePlot } from '../../plots/render.js';
import { requirePositional } from '../args.js';
import { type CommandContext } from '../context.js';
import { inputsOf, resolveDataSets } from '../datasets.js';
import { EXIT } from '../errors.js';
import { loadModelFile } from '../load-model.js';
import { ProgressBars } from '../progress.js';
import { type PropertyOutcome, runProperty } from '../check/property.js';
import { quickSbc } from '../check/quick-sbc.js';
import { bijectorRoundTrip, densityFinite, gradientMatches, simulatePoints, simulatorMatchesDensity } from '../check/semantics.js';

const LABEL: Record<PropertyOutcome['status'], string> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', skip: 'SKIP' };

export function formatCheckReport(file: string, model: CompiledModel, outcomes: PropertyOutcome[]): string {
  const width = Math.max(...outcomes.map((o) => o.name.length));
  const lines = [`amortize check ${file}: ${model.dim} parameter value${model.dim === 1 ? '' : 's'}, ${model.dataDim} data value${model.dataDim === 1 ? '' : 's'}${model.hasLikelihood ? '' : ', no likelihood (simulator only)'}`, ''];
  for (const o of outcomes) {
    const [first, ...rest] = o.message.split('\n');
    lines.push(`  ${LABEL[o.status]}  ${o.name.padEnd(width)}  ${first}`);
    for (const r of rest) lines.push(`  ${' '.repeat(6 + width)}  ${r}`);
  }
  const count = (status: PropertyOutcome['status']): number => outcomes.filter((o) => o.status === status).length;
  const failed = count('fail');
  const others = [count('warn') ? `${count('warn')} inconclusive` : '', count('skip') ? `${count('skip')} skipped` : ''].filter(Boolean).join(', ');
  lines.push('', failed > 0 ? `${failed} of ${outcomes.length} properties FAILED` : others ? `no property failed (${others})` : `all ${outcomes.length} properties hold`);
  return lines.join('\n') + '\n';
}

export async function checkCommand(ctx: CommandContext): Promise<number> {
  const { flags } = ctx.line;
  const file = requirePositional(ctx.line, 'a model file (.ts, .js, .mjs or .amz)');
  const loaded = await loadModelFile(file, ctx.io.cwd);
  let inputs: Record<string, unknown> = {};
  if (loaded.model.inputNames.length > 0) inputs = inputsOf(loaded, (await resolveDataSets(loaded, flags.data, ctx.io.cwd)).dataSets[0]!);
  const model = loaded.model.compile(inputs);
  const seed = flags.seed ?? 1;
  const pts = simulatePoints(model, 20, seed);

  const outcomes: PropertyOutcome[] = [];
  outcomes.push(await runProperty('log density finite in support', () => densityFinite(model, pts)));
  outcomes.push(await runProperty('bijector round trips', () => bijectorRoundTrip(model, pts, seed + 1)));
  const gradient = await runProperty('gradient vs finite differences', () => gradientMatches(model, pts, 5));
  outcomes.push(gradient);
  outcomes.push(await runProperty('simulator vs density', () => simulatorMatchesDensity(model, seed + 2)));

  const bars = ProgressBars.for(ctx.io.stderr, flags);
  const replications = flags.sbc ?? 20;
  let sbcRun: Awaited<ReturnType<typeof quickSbc>> | undefined;
  outcomes.push(await runProperty('quick SBC', async () => {
    const r = await quickSbc(model, {
      replications, seed: seed + 3, gradientFree: gradient.status === 'fail',
      ...(flags.warmup !== undefined ? { warmup: flags.warmup } : {}),
      onProgress: (done, total) => bars.onProgress({ phase: 'calibrate', done, total }),
    }).finally(() => bars.finish());
    sbcRun = r;
    return { status: r.status, message: r.message };
  }));

  const failed = outcomes.some((o) => o.status === 'fail');
  const files: string[] = [];
  if (flags.out && sbcRun?.result && sbcRun.data) {
    const names = model.params.flatMap((p) => p.elementNames);
    const coverage = centralCoverage(sbcRun.data, { thin: 2, seed });
    const plots = [
      ['sbc-ranks.svg', sbcHistogramSpec(sbcRun.result, { names })],
      ['sbc-ecdf.svg', sbcEcdfSpec(sbcRun.result, { names })],
      ['coverage.svg', coverageSpec(coverage, { names, title: `Expected coverage (${sbcRun.data.nSims} simulations)` })],
    ] as const;
    for (const [name, spec] of plots) {
      const path = resolve(ctx.io.cwd, flags.out, name);
      await writePlot(spec, path);
      files.push(join(flags.out, name));
    }
  }
  if (flags.json) {
    ctx.io.stdout.write(JSON.stringify({ command: 'check', model: file, ok: !failed, properties: outcomes, files }, null, 2) + '\n');
  } else {
    ctx.io.stdout.write(formatCheckReport(file, model, outcomes));
    if (files.length > 0) ctx.io.stdout.write(`wrote ${files.join(', ')}\n`);
  }
  return failed ? EXIT.checkFailed : EXIT.ok;
}
