/** A drift job's input is unusable: a malformed samples file or snapshot, mismatched buckets, a bad flag. */
export class DriftInputError extends Error {}

/** A source that could not be read: Prometheus down, slow, answering an error or nonsense. The message names the URL. */
export class DriftSourceError extends Error {}

export const isDriftError = (error: unknown): error is Error => error instanceof DriftInputError || error instanceof DriftSourceError
