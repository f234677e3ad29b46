import type {Diagnostic} from './diagnostics/diagnostic.js'
import {readFleetFile} from './load/read-fleet-file.js'
import type {Fleet} from './normalize/fleet-model.js'
import {normalizeFleet} from './normalize/normalize.js'
import {validateFleet} from './validate/validate-fleet.js'

export type LoadResult = {ok: true; fleet: Fleet} | {ok: false; diagnostics: Diagnostic[]}

/** load → validate → normalize. Every failure comes back as diagnostics; nothing here throws for bad input. */
export async function loadFleet(file: string): Promise<LoadResult> {
  const parsed = await readFleetFile(file)
  if (!parsed.ok) return parsed
  const validated = validateFleet(parsed.source, parsed.value)
  if (!validated.ok) return validated
  return {fleet: normalizeFleet(validated.spec, file), ok: true}
}
