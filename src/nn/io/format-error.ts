/**
 * FormatError: a saved estimator (or its bytes) is not a well-formed amortize save — bad JSON, a
 * field of the wrong type or out of the bounds the format allows, weights that do not match the
 * manifest, a file reference outside the save. Raised before anything is allocated from the
 * file's numbers, so a hostile save cannot exhaust memory or hang the process.
 */
export class FormatError extends Error {
  override readonly name = 'FormatError';
  constructor(
    /** What was read: a path, or 'in-memory save'. */
    readonly where: string,
    /** The JSON path of the offending field, e.g. 'weights.tensors[3].shape'; '' for the whole file. */
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${where}: ${field ? `${field}: ` : ''}${problem}`);
  }
}
