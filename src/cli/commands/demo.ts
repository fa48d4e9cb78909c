/**
 * `amortize demo` (also `npm run demo`): the first thing a new user runs. It runs the steps of
 * src/cli/demo/steps.ts, each fitting a known problem and printing amortize's answer next to the
 * exact or reference one, so the output is its own proof. Kept under about a minute on two cores.
 */
import { type CommandContext, status } from '../context.js';
import { EXIT } from '../errors.js';
import { ProgressBars } from '../progress.js';
import type { DemoStep, DemoStepResult } from '../demo/step.js';
import { DEMO_STEPS } from '../demo/steps.js';

export type { DemoStep, DemoStepResult } from '../demo/step.js';
export { DEMO_STEPS } from '../demo/steps.js';

export function formatStep(index: number, total: number, step: DemoStep, result: DemoStepResult): string {
  const nameWidth = Math.max(...result.rows.map((r) => r.name.length), 8);
  const colWidth = Math.max(...result.columns.map((c) => c.length), 9);
  const lines = [
    `[${index + 1}/${total}] ${step.title}`,
    `      ${step.description}`,
    '',
    `      ${''.padEnd(nameWidth)}  ${result.columns.map((c) => c.padStart(colWidth)).join('  ')}`,
    ...result.rows.map((r) => `      ${r.name.padEnd(nameWidth)}  ${r.values.map((v) => v.toFixed(3).padStart(colWidth)).join('  ')}`),
  ];
  if (result.note) lines.push('', `      ${result.note}`);
  return lines.join('\n') + '\n\n';
}

export async function demoCommand(ctx: CommandContext, steps: DemoStep[] = DEMO_STEPS): Promise<number> {
  const { flags } = ctx.line;
  const bars = ProgressBars.for(ctx.io.stderr, flags);
  const results: { title: string; result: DemoStepResult }[] = [];
  if (!flags.json) ctx.io.stdout.write('amortize demo: each answer next to the exact or reference one\n\n');
  const started = performance.now();
  for (const [i, step] of steps.entries()) {
    status(ctx, `running step ${i + 1} of ${steps.length}…`);
    const result = await step.run({ seed: flags.seed ?? 2024, onProgress: bars.onProgress }).finally(() => bars.finish());
    results.push({ title: step.title, result });
    if (!flags.json) ctx.io.stdout.write(formatStep(i, steps.length, step, result));
  }
  const seconds = (performance.now() - started) / 1000;
  if (flags.json) ctx.io.stdout.write(JSON.stringify({ command: 'demo', seconds, steps: results }, null, 2) + '\n');
  else ctx.io.stdout.write(`done in ${seconds.toFixed(1)} s. Next: npx amortize run examples/eight-schools.ts --plot --out out/\n`);
  return EXIT.ok;
}
