/** What every command receives: the parsed command line, the streams, and the backend registry. */
import type { CommandLine } from './args.js';
import type { RegistryEntry } from './backends.js';
import type { CliIO } from './io.js';

export interface CommandContext {
  line: CommandLine;
  io: CliIO;
  registry: Record<string, RegistryEntry>;
}

/** Status lines ("training npe…") go to stderr so stdout stays the result; silent with --quiet/--json. */
export function status(ctx: CommandContext, text: string): void {
  if (!ctx.line.flags.quiet && !ctx.line.flags.json) ctx.io.stderr.write(text + '\n');
}
