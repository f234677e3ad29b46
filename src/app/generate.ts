import {join} from 'node:path'

import type {Diagnostic} from '../diagnostics/diagnostic.js'
import {BUNDLE_STAGES, GENERATORS} from '../generators/registry.js'
import {runGenerators} from '../generators/run-generators.js'
import type {BundleStage, Generator, OutputFile} from '../generators/types.js'
import type {DeployTarget} from '../normalize/fleet-model.js'
import {loadFleet} from '../pipeline.js'
import {applyPlan, diffPlan, MANIFEST_PATH, planIsClean, planWrite, prepareFiles, type WritePlan} from '../writer/index.js'
import {throwIfStopped, watchStopSignals} from '../writer/interrupt.js'
import {describeLitter, findLitter, type Litter, removeLitter} from '../writer/litter.js'
import {acquireLock, describeHolder, type HeldLock, heldError, inspectLock, LOCK_PATH, LockHeldError, type LockState} from '../writer/lock.js'
import {OutputFolderError} from '../writer/manifest.js'
import {type Progress, SILENT_PROGRESS} from '../writer/progress.js'

export type GenerateMode = 'write' | 'check' | 'dry-run'

export type GenerateResult =
  | {kind: 'invalid'; diagnostics: Diagnostic[]}
  | {kind: 'written'; plan: WritePlan; files: OutputFile[]}
  | {kind: 'planned'; plan: WritePlan; files: OutputFile[]; litter: Litter[]}
  | {kind: 'checked'; plan: WritePlan; files: OutputFile[]; clean: boolean; diff: string}

export interface GenerateOptions {
  fleetFile: string
  outDir: string
  mode: GenerateMode
  force?: boolean
  /** Only these generators, and then no bundle stages unless `stages` says so (for tests of the writer). */
  generators?: readonly Generator[]
  stages?: readonly BundleStage[]
  /** Deploy targets from --target; the fleet model's default otherwise. */
  targets?: readonly DeployTarget[]
  progress?: Progress
  /** Things the user should know that do not stop the run (a stale lock taken over, litter removed). */
  warn?: (message: string) => void
}

/**
 * The whole of `inferwatch generate`: every generator runs in memory first, so a failing generator
 * (or invalid input) returns before anything on disk is touched. Writing happens under the output
 * folder's lock; --check and --dry-run never take it (they write nothing) but say when a writer holds it.
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const progress = options.progress ?? SILENT_PROGRESS
  try {
    return await generateWith(options, progress, options.warn ?? (() => {}))
  } finally {
    progress.end()
  }
}

async function generateWith(options: GenerateOptions, progress: Progress, warn: (message: string) => void): Promise<GenerateResult> {
  const {outDir} = options
  const lockBefore = await inspectLock(outDir)
  if (options.mode === 'write') {
    // Refuse before minutes of generating; acquiring the lock below is what really excludes.
    if (lockBefore.kind === 'held') return refusal(heldError(outDir, lockBefore.holder))
    if (lockBefore.kind === 'unreadable') return refusal(heldError(outDir, undefined))
  }
  const loaded = await loadFleet(options.fleetFile, progress)
  if (!loaded.ok) return {diagnostics: loaded.diagnostics, kind: 'invalid'}
  const fleet = options.targets ? {...loaded.fleet, deploy: {targets: [...new Set(options.targets)].sort()}} : loaded.fleet
  const generators = options.generators ?? GENERATORS
  const stages = options.stages ?? (options.generators ? [] : BUNDLE_STAGES)
  progress.stage('generate')
  const files = prepareFiles(runGenerators(fleet, generators, (g, i, n) => progress.count(i + 1, n, g.id), stages))
  if (options.mode === 'write') return writeLocked(options, files, progress, warn)

  warnAboutLock(join(outDir, LOCK_PATH), lockBefore, warn)
  const planned = await planOrProblem(outDir, files, progress)
  if (!('plan' in planned)) return planned
  const {plan} = planned
  const exceptPids = lockBefore.kind === 'held' ? [lockBefore.holder.pid] : []
  const litter = await findLitter(outDir, {exceptPids, listed: plan.listed, near: nearPaths(plan, files)})
  if (options.mode === 'dry-run') return {files, kind: 'planned', litter, plan}
  if (litter.length > 0) warn(`${outDir}: ${describeLitter(litter)}; the next generate removes them`)
  const clean = planIsClean(plan)
  return {clean, diff: clean ? '' : await diffPlan(outDir, files, plan), files, kind: 'checked', plan}
}

async function writeLocked(options: GenerateOptions, files: OutputFile[], progress: Progress, warn: (message: string) => void): Promise<GenerateResult> {
  const {outDir} = options
  let lock: HeldLock | undefined
  const stop = watchStopSignals(() => lock?.releaseSync())
  try {
    try {
      lock = await acquireLock(outDir)
    } catch (error) {
      if (error instanceof LockHeldError) return refusal(error)
      if (error instanceof OutputFolderError) return {diagnostics: [outputProblem(error.path, error.message)], kind: 'invalid'}
      throw error
    }
    if (lock.tookOver) {
      const {holder, reason} = lock.tookOver
      warn(`${join(outDir, LOCK_PATH)}: took over a stale lock (${describeHolder(holder)}): ${reason}`)
    }
    throwIfStopped(stop.signal)
    const planned = await planOrProblem(outDir, files, progress)
    if (!('plan' in planned)) return planned
    const {plan} = planned
    if (plan.conflicts.length > 0 && !options.force) {
      const message = 'exists and was not written by inferwatch; move it away or pass --force to overwrite it'
      return {diagnostics: plan.conflicts.map((path) => outputProblem(join(outDir, path), message)), kind: 'invalid'}
    }
    // Holding the lock, no other run can be staging here: every temp file of inferwatch's naming is litter.
    const litter = await findLitter(outDir, {listed: plan.listed, near: nearPaths(plan, files)})
    await removeLitter(outDir, litter)
    if (litter.length > 0) warn(`${outDir}: removed ${describeLitter(litter)}`)
    throwIfStopped(stop.signal)
    await applyPlan(outDir, files, plan, {progress, signal: stop.signal})
    throwIfStopped(stop.signal, 'complete')
    return {files, kind: 'written', plan}
  } finally {
    await lock?.release()
    stop.dispose()
  }
}

async function planOrProblem(outDir: string, files: OutputFile[], progress: Progress): Promise<{plan: WritePlan} | GenerateResult> {
  progress.stage('plan', `${files.length} files`)
  let plan: WritePlan
  try {
    plan = await planWrite(outDir, files)
  } catch (error) {
    if (error instanceof OutputFolderError) return {diagnostics: [outputProblem(error.path, error.message)], kind: 'invalid'}
    throw error
  }
  if (plan.blocked.length > 0) {
    return {diagnostics: plan.blocked.map((b) => outputProblem(join(outDir, b.path), b.reason)), kind: 'invalid'}
  }
  return {plan}
}

/** Where the writer stages temp files: beside every file the manifest owns and every file written. */
function nearPaths(plan: WritePlan, files: readonly OutputFile[]): string[] {
  return [...Object.keys(plan.previous.files), ...files.map((f) => f.path), MANIFEST_PATH]
}

/** A read-only run proceeds whatever the lock says, but a result taken mid-write deserves a warning. */
function warnAboutLock(path: string, state: LockState, warn: (message: string) => void): void {
  if (state.kind === 'held') warn(`${path}: another inferwatch generate is writing into this folder (${describeHolder(state.holder)}); this result may change when it finishes`)
  if (state.kind === 'stale') warn(`${path}: left by a run that is gone (${describeHolder(state.holder)}: ${state.reason}); the next generate takes it over`)
  if (state.kind === 'unreadable') warn(`${path}: exists but is not an inferwatch lock; generate will refuse to write until it is removed`)
}

function refusal(error: LockHeldError): GenerateResult {
  return {diagnostics: [outputProblem(error.path, error.message)], kind: 'invalid'}
}

/** A problem with the output folder, reported like any located input problem (exit 2). */
function outputProblem(file: string, message: string): Diagnostic {
  return {col: 1, file, line: 1, message, path: ''}
}

export function describePlan(plan: WritePlan, litter: readonly Litter[] = []): string[] {
  return [
    ...plan.create.map((p) => `create   ${p}`),
    ...plan.update.map((p) => `update   ${p}`),
    ...plan.conflicts.map((p) => `conflict ${p} (not written by inferwatch; needs --force)`),
    ...plan.remove.map((p) => `remove   ${p}`),
    ...plan.keepEdited.map((p) => `keep     ${p} (no longer generated, edited by hand)`),
    ...litter.map((l) => `remove   ${l.path} (temporary file left by an interrupted run, pid ${l.pid})`),
  ]
}
