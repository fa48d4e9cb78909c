/**
 * Exit codes and error reporting for the `amortize` command.
 *
 * Every failure maps to one exit code a script can branch on, and is printed as its message only:
 * ModelError and DataError messages already carry the source excerpt with a caret, so a stack
 * trace would add noise. `--debug` brings the stack back for bug reports.
 */

export const EXIT = {
  ok: 0,
  /** `amortize check` found a property that does not hold. */
  checkFailed: 1,
  /** Bad command line: unknown flag, missing argument, unknown backend. */
  usage: 2,
  /** The model or the data is wrong (ModelError, DataError, unreadable files). */
  modelOrData: 3,
  /** A backend could not do what was asked (InferenceError, e.g. NUTS without a likelihood). */
  inference: 4,
} as const;

/** A command-line mistake: printed with a pointer to `--help`, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A model file or data file that cannot be read or does not hold what we need: exit code 3. */
export class InputFileError extends Error {
  override readonly name = 'InputFileError';
}

/**
 * Match by `name`, not `instanceof`: a model file may import the library through another path
 * (a built copy, a symlinked package), giving a second copy of the error classes.
 */
export function exitCodeFor(error: unknown): number {
  const name = error instanceof Error ? error.name : '';
  switch (name) {
    case 'UsageError':
      return EXIT.usage;
    case 'ModelError':
    case 'DataError':
    case 'InputFileError':
    case 'FormatError':
      return EXIT.modelOrData;
    default:
      return EXIT.inference;
  }
}

/** The text printed on stderr for an error: its kind and message; the stack only with --debug. */
export function formatError(error: unknown, debug: boolean): string {
  if (!(error instanceof Error)) return `error: ${String(error)}`;
  const label: Record<string, string> = {
    UsageError: 'usage error',
    ModelError: 'model error',
    DataError: 'data error',
    InputFileError: 'error',
    InferenceError: 'inference error',
    FormatError: 'saved estimator error',
    SaveError: 'save error',
  };
  // Own properties only: an error named 'constructor' or 'toString' is no known kind.
  const known = Object.prototype.hasOwnProperty.call(label, error.name) ? label[error.name] : undefined;
  let text = `${known ?? `unexpected error (${error.name})`}: ${error.message}`;
  if (error.name === 'UsageError') text += '\n\nRun `amortize --help` for the commands and their flags.';
  if (debug && error.stack) text += `\n\n${error.stack}`;
  else if (!known) text += '\n(run again with --debug for the stack trace)';
  return text;
}
