import type {Diagnostic} from './diagnostics/diagnostic.js'
import {readFleetFile} from './load/read-fleet-file.js'
import type {Fleet} from './normalize/fleet-model.js'
import {normalizeFleet} from './normalize/normalize.js'
import {validateFleet} from './validate/validate-fleet.js'
import {type Progress, SILENT_PROGRESS} from './writer/progress.js'

export type LoadResult = {ok: true; fleet: Fleet} | {ok: false; diagnostics: Diagnostic[]}

/** load → validate → normalize. Every failure comes back as diagnostics; nothing here throws for bad input. */
export async function loadFleet(file: string, progress: Progress = SILENT_PROGRESS): Promise<LoadResult> {
  progress.stage('load', file)
  const parsed = await readFleetFile(file)
  if (!parsed.ok) return parsed
  progress.stage('validate', file)
  const validated = validateFleet(parsed.source, parsed.value)
  if (!validated.ok) return validated
  return {fleet: normalizeFleet(validated.spec, file), ok: true}
}
