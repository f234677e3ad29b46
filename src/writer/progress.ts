/** The stages of a generate run, in order. */
export type Stage = 'load' | 'validate' | 'generate' | 'plan' | 'write'

/**
 * What a run is doing, for someone watching a terminal to tell working from hung. Reporting must
 * never change what is generated; the CLI decides whether anything is shown (see src/cli/progress.ts).
 */
export interface Progress {
  /** A stage starts; `detail` names what it works on (the fleet file, a generator). */
  stage(stage: Stage, detail?: string): void
  /** How far the current stage is: `done` of `total` items. */
  count(done: number, total: number, detail?: string): void
  /** The run is over: take the status line away. */
  end(): void
}

export const SILENT_PROGRESS: Progress = {count() {}, end() {}, stage() {}}
