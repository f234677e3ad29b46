import {constants} from 'node:os'

/** Signals that ask a run to stop; each ends it with the shell's code for it, 128 + the signal number. */
export const STOP_SIGNALS = ['SIGHUP', 'SIGINT', 'SIGTERM'] as const
export type StopSignal = (typeof STOP_SIGNALS)[number]

export function exitCodeFor(signal: StopSignal): number {
  return 128 + constants.signals[signal]
}

/**
 * The run stopped on a signal after cleaning up. `unchanged`: nothing of the output was replaced.
 * `complete`: the signal came while the new files were being renamed into place, which is finished
 * first, so the folder holds the whole new output.
 */
export class InterruptedError extends Error {
  constructor(
    readonly signal: StopSignal,
    readonly output: 'unchanged' | 'complete',
  ) {
    super(`interrupted by ${signal}`)
  }

  get exitCode(): number {
    return exitCodeFor(this.signal)
  }
}

export function throwIfStopped(signal: AbortSignal | undefined, output: InterruptedError['output'] = 'unchanged'): void {
  if (signal?.aborted) throw new InterruptedError(signal.reason as StopSignal, output)
}

export interface StopWatch {
  /** Aborted, with the signal's name as reason, when a stop signal arrives. */
  readonly signal: AbortSignal
  dispose(): void
}

/**
 * Turns SIGINT/SIGTERM/SIGHUP into an AbortSignal so the writer can stop between steps, remove its
 * temporary files and release the lock. A second signal exits at once (after `onForce`, which must
 * be synchronous), leaving what is left to the next run's litter cleanup.
 */
export function watchStopSignals(onForce: (signal: StopSignal) => void = () => {}): StopWatch {
  const controller = new AbortController()
  const handler = (signal: StopSignal) => {
    if (!controller.signal.aborted) {
      controller.abort(signal)
      return
    }
    onForce(signal)
    process.exit(exitCodeFor(signal))
  }
  for (const signal of STOP_SIGNALS) process.on(signal, handler)
  return {
    dispose() {
      for (const signal of STOP_SIGNALS) process.off(signal, handler)
    },
    signal: controller.signal,
  }
}
