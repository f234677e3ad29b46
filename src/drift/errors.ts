/** A drift job's input is unusable: a malformed samples file or snapshot, mismatched buckets, a bad flag. */
export class DriftInputError extends Error {}

/** A source that could not be read: Prometheus down, slow, answering an error or nonsense. The message names the URL. */
export class DriftSourceError extends Error {}

export const isDriftError = (error: unknown): error is Error => error instanceof DriftInputError || error instanceof DriftSourceError

/** Why a fetch() failed, in the words an operator searches for: a timeout, or the socket error (ECONNREFUSED). */
export function fetchFailure(error: unknown, timeoutMs: number): string {
  const e = error as Error & {cause?: {code?: string; message?: string}}
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${timeoutMs / 1000}s`
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error)
}
