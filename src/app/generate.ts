import {join} from 'node:path'

import type {Diagnostic} from '../diagnostics/diagnostic.js'
import {BUNDLE_STAGES, GENERATORS} from '../generators/registry.js'
import {runGenerators} from '../generators/run-generators.js'
import type {BundleStage, Generator, OutputFile} from '../generators/types.js'
import type {DeployTarget} from '../normalize/fleet-model.js'
import {loadFleet} from '../pipeline.js'
import {OutputFolderError} from '../writer/manifest.js'
import {applyPlan, diffPlan, planIsClean, planWrite, prepareFiles, type WritePlan} from '../writer/index.js'

export type GenerateMode = 'write' | 'check' | 'dry-run'

export type GenerateResult =
  | {kind: 'invalid'; diagnostics: Diagnostic[]}
  | {kind: 'written'; plan: WritePlan; files: OutputFile[]}
  | {kind: 'planned'; plan: WritePlan; files: OutputFile[]}
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
}

/**
 * The whole of `inferwatch generate`: every generator runs in memory first, so a failing generator
 * (or invalid input) returns before anything on disk is touched.
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const loaded = await loadFleet(options.fleetFile)
  if (!loaded.ok) return {diagnostics: loaded.diagnostics, kind: 'invalid'}
  const fleet = options.targets ? {...loaded.fleet, deploy: {targets: [...new Set(options.targets)].sort()}} : loaded.fleet
  const stages = options.stages ?? (options.generators ? [] : BUNDLE_STAGES)
  const files = prepareFiles(runGenerators(fleet, options.generators ?? GENERATORS, stages))
  let plan: WritePlan
  try {
    plan = await planWrite(options.outDir, files)
  } catch (error) {
    if (error instanceof OutputFolderError) return {diagnostics: [outputProblem(error.path, error.message)], kind: 'invalid'}
    throw error
  }
  if (plan.blocked.length > 0) {
    return {diagnostics: plan.blocked.map((b) => outputProblem(join(options.outDir, b.path), b.reason)), kind: 'invalid'}
  }

  if (options.mode === 'check') {
    const clean = planIsClean(plan)
    return {clean, diff: clean ? '' : await diffPlan(options.outDir, files, plan), files, kind: 'checked', plan}
  }
  if (options.mode === 'dry-run') return {files, kind: 'planned', plan}
  if (plan.conflicts.length > 0 && !options.force) {
    const message = 'exists and was not written by inferwatch; move it away or pass --force to overwrite it'
    return {diagnostics: plan.conflicts.map((path) => outputProblem(join(options.outDir, path), message)), kind: 'invalid'}
  }
  await applyPlan(options.outDir, files, plan)
  return {files, kind: 'written', plan}
}

/** A problem with the output folder, reported like any located input problem (exit 2). */
function outputProblem(file: string, message: string): Diagnostic {
  return {col: 1, file, line: 1, message, path: ''}
}

export function describePlan(plan: WritePlan): string[] {
  return [
    ...plan.create.map((p) => `create   ${p}`),
    ...plan.update.map((p) => `update   ${p}`),
    ...plan.conflicts.map((p) => `conflict ${p} (not written by inferwatch; needs --force)`),
    ...plan.remove.map((p) => `remove   ${p}`),
    ...plan.keepEdited.map((p) => `keep     ${p} (no longer generated, edited by hand)`),
  ]
}
