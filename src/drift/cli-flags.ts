import {Flags} from '@oclif/core'

import {DriftInputError, isDriftError} from './errors.js'
import {DEFAULT_JOBS_FILE} from './jobs-file.js'

/** Flags `drift run` and `drift baseline` share. */
export const sharedDriftFlags = {
  at: Flags.string({description: 'Evaluate as of this time (unix seconds or ISO 8601) instead of now, e.g. to re-run a missed window.'}),
  jobs: Flags.string({default: DEFAULT_JOBS_FILE, description: 'The drift jobs file generated as drift/jobs.yaml.'}),
  prometheus: Flags.string({description: 'Prometheus base URL, overriding the one in the jobs file.'}),
  timeout: Flags.integer({default: 30, description: 'Seconds to wait for each HTTP request.', min: 1}),
}

/** `--at` as unix seconds; now when absent. */
export function evaluationTime(at: string | undefined): number {
  if (at === undefined) return Math.floor(Date.now() / 1000)
  const seconds = /^\d+(\.\d+)?$/.test(at) ? Number(at) : Date.parse(at) / 1000
  if (!Number.isFinite(seconds)) throw new DriftInputError(`--at ${at}: expected unix seconds or an ISO 8601 time`)
  return seconds
}

/** Runs a drift command's work; a drift error is printed as one line (no stack) and exits 1. */
export async function orFail<T>(work: () => Promise<T>, exit: (code: number) => never): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (!isDriftError(error)) throw error
    process.stderr.write(`inferwatch: ${error.message}\n`)
    return exit(1)
  }
}
