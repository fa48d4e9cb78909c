/**
 * Where the CLI writes. Commands never touch `process.stdout` directly, so tests run them
 * in-process and capture both streams, and so progress bars can be switched on for a fake TTY.
 */
export interface OutStream {
  write(text: string): unknown;
  /** True for a terminal: only then are progress bars drawn. */
  isTTY?: boolean;
  /** Terminal width, for the bars. */
  columns?: number;
}

export interface CliIO {
  stdout: OutStream;
  stderr: OutStream;
  /** The directory relative paths are resolved against. */
  cwd: string;
}

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() };
}

/** A captured pair of streams, for tests and for `--json` runs that print once at the end. */
export function memoryIO(options: { cwd?: string; tty?: boolean } = {}): CliIO & { out(): string; err(): string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: { write: (t: string) => out.push(t), isTTY: options.tty ?? false, columns: 100 },
    stderr: { write: (t: string) => err.push(t), isTTY: options.tty ?? false, columns: 100 },
    cwd: options.cwd ?? process.cwd(),
    out: () => out.join(''),
    err: () => err.join(''),
  };
}
