/** Run the CLI in-process with captured streams, from the project root. */
import { fileURLToPath } from 'node:url';
import { runCli, type CliOptions } from '../../src/cli/cli.js';
import { memoryIO } from '../../src/cli/io.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function cli(argv: string[], options: CliOptions & { tty?: boolean; cwd?: string } = {}): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIO({ cwd: options.cwd ?? ROOT, tty: options.tty ?? false });
  const code = await runCli(argv, io, options);
  return { code, out: io.out(), err: io.err() };
}

/** Few draws: the tests check wiring and sense, not precision. */
export const FAST = ['--chains', '2', '--draws', '200', '--warmup', '200', '--seed', '1', '--quiet'];
