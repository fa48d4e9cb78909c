/**
 * `runCli(argv, io)`: the whole `amortize` command as a function returning the exit code, so
 * tests run it in-process with captured streams. main.ts is the thin process entry around it.
 */
import { parseCommandLine, type CommandLine } from './args.js';
import type { RegistryEntry } from './backends.js';
import type { CommandContext } from './context.js';
import { EXIT, UsageError, exitCodeFor, formatError } from './errors.js';
import { HELP } from './help.js';
import { type CliIO, processIO } from './io.js';

// Commands load on demand so `--help` and usage errors answer at once.
const COMMANDS: Record<string, (ctx: CommandContext) => Promise<number>> = {
  run: async (ctx) => (await import('./commands/run.js')).runCommand(ctx),
  train: async (ctx) => (await import('./commands/train.js')).trainCommand(ctx),
  infer: async (ctx) => (await import('./commands/infer.js')).inferCommand(ctx),
  check: async (ctx) => (await import('./commands/check.js')).checkCommand(ctx),
  compare: async (ctx) => (await import('./commands/compare.js')).compareCommand(ctx),
  demo: async (ctx) => (await import('./commands/demo.js')).demoCommand(ctx),
};

export interface CliOptions {
  /** Backend registry override (tests inject a fake amortized backend). */
  registry?: Record<string, RegistryEntry>;
}

export async function runCli(argv: readonly string[], io: CliIO = processIO(), options: CliOptions = {}): Promise<number> {
  let line: CommandLine | undefined;
  try {
    line = parseCommandLine(argv);
    if (line.command === undefined || line.command === 'help') {
      io.stdout.write(HELP);
      return line.command === undefined && !line.flags.help ? EXIT.usage : EXIT.ok;
    }
    if (line.flags.help) {
      io.stdout.write(HELP);
      return EXIT.ok;
    }
    const command = COMMANDS[line.command];
    if (!command) throw new UsageError(`unknown command '${line.command}'; commands: ${Object.keys(COMMANDS).join(', ')}`);
    const registry = options.registry ?? (await import('./backends.js')).REGISTRY;
    return await command({ line, io, registry });
  } catch (error) {
    io.stderr.write(formatError(error, line?.flags.debug ?? argv.includes('--debug')) + '\n');
    const code = exitCodeFor(error);
    // With --json, stdout stays machine-readable on failure too.
    if (line?.flags.json) {
      const e = error instanceof Error ? error : new Error(String(error));
      io.stdout.write(JSON.stringify({ error: { kind: e.name, message: e.message, exitCode: code } }, null, 2) + '\n');
    }
    return code;
  }
}
