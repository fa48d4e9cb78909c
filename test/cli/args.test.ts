import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/args.js';
import { UsageError } from '../../src/cli/errors.js';

describe('command-line parsing', () => {
  it('reads the command, the model file and typed flags', () => {
    const line = parseCommandLine(['run', 'm.ts', '--backend', 'nuts', '--chains', '4', '--draws', '1_000', '--seed', '0', '--plot', '-o', 'out']);
    expect(line.command).toBe('run');
    expect(line.positionals).toEqual(['m.ts']);
    expect(line.flags).toMatchObject({ backend: 'nuts', chains: 4, draws: 1000, seed: 0, plot: true, out: 'out', json: false });
  });

  it('rejects unknown flags and malformed numbers as usage errors', () => {
    expect(() => parseCommandLine(['run', 'm.ts', '--chain', '4'])).toThrow(UsageError);
    expect(() => parseCommandLine(['run', 'm.ts', '--chain', '4'])).toThrow(/--chain/);
    expect(() => parseCommandLine(['run', 'm.ts', '--draws', 'many'])).toThrow(/--draws expects a positive integer, got 'many'/);
    expect(() => parseCommandLine(['run', 'm.ts', '--chains', '0'])).toThrow(/--chains/);
    expect(() => parseCommandLine(['run', 'm.ts', '--warmup', '-3'])).toThrow(UsageError);
  });
});
