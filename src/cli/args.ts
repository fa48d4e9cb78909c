/**
 * Command-line parsing: `amortize <command> [positionals] [--flags]`, with node's parseArgs in
 * strict mode so a typo (`--chain 4`) is a usage error instead of being silently ignored.
 */
import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

export interface Flags {
  data?: string;
  backend?: string;
  /** `compare`: comma-separated backend names. */
  backends?: string[];
  chains?: number;
  draws?: number;
  warmup?: number;
  seed?: number;
  simulations?: number;
  /** Maximum training epochs of amortized backends. */
  epochs?: number;
  /** `check`: SBC replications. */
  sbc?: number;
  out?: string;
  estimator?: string;
  plot: boolean;
  json: boolean;
  quiet: boolean;
  debug: boolean;
  help: boolean;
}

export interface CommandLine {
  command: string | undefined;
  positionals: string[];
  flags: Flags;
}

const OPTIONS = {
  data: { type: 'string', short: 'd' },
  backend: { type: 'string', short: 'b' },
  backends: { type: 'string' },
  chains: { type: 'string' },
  draws: { type: 'string' },
  warmup: { type: 'string' },
  seed: { type: 'string' },
  simulations: { type: 'string' },
  epochs: { type: 'string' },
  sbc: { type: 'string' },
  out: { type: 'string', short: 'o' },
  estimator: { type: 'string', short: 'e' },
  plot: { type: 'boolean' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const INTEGER_FLAGS = ['chains', 'draws', 'warmup', 'seed', 'simulations', 'epochs', 'sbc'] as const;
/** Flags where 0 is meaningful (no warmup, seed 0); the rest must be positive. */
const ZERO_OK = new Set<string>(['warmup', 'seed']);

export function parseCommandLine(argv: readonly string[]): CommandLine {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs' own messages are good ("Unknown option '--chain'"); drop its error code prefix.
    throw new UsageError((error as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
  const v = parsed.values;
  const flags: Flags = {
    plot: v.plot ?? false,
    json: v.json ?? false,
    quiet: v.quiet ?? false,
    debug: v.debug ?? false,
    help: v.help ?? false,
  };
  for (const key of ['data', 'backend', 'out', 'estimator'] as const) if (v[key] !== undefined) flags[key] = v[key];
  if (v.backends !== undefined) flags.backends = v.backends.split(',').map((b) => b.trim()).filter((b) => b !== '');
  for (const key of INTEGER_FLAGS) {
    const raw = v[key];
    if (raw === undefined) continue;
    const clean = raw.replaceAll('_', ''); // 20_000 reads like the TypeScript literal
    const n = Number(clean);
    const min = ZERO_OK.has(key) ? 0 : 1;
    if (!/^\d+$/.test(clean) || !Number.isSafeInteger(n) || n < min) {
      throw new UsageError(`--${key} expects ${min === 0 ? 'a non-negative' : 'a positive'} integer, got '${raw}'`);
    }
    flags[key] = n;
  }
  const [command, ...positionals] = parsed.positionals;
  return { command, positionals, flags };
}

/** The one positional a command needs (the model file), or a usage error naming it. */
export function requirePositional(line: CommandLine, what: string): string {
  const value = line.positionals[0];
  if (value === undefined) throw new UsageError(`amortize ${line.command} needs ${what}`);
  if (line.positionals.length > 1) throw new UsageError(`amortize ${line.command} takes one ${what}; unexpected '${line.positionals[1]}'`);
  return value;
}
