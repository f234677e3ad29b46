import type {Diagnostic} from '../diagnostics/diagnostic.js'
import type {Fleet} from '../normalize/fleet-model.js'
import {RUNBOOKS_DIR, runbooksPublished} from '../runbooks/locations.js'

/**
 * What a valid fleet is better off changing: reported by `validate`, never a failure (exit 0).
 * Located at the top of the file, since each is about a field the fleet does not have.
 */
export function fleetWarnings(fleet: Fleet, file: string): Diagnostic[] {
  const at = (path: string, message: string): Diagnostic => ({col: 1, file, line: 1, message, path})
  const warnings: Diagnostic[] = []
  if (!runbooksPublished(fleet)) {
    warnings.push(
      at(
        'runbooks.baseUrl',
        `not set: alerts link to the relative path ${fleet.runbooks.baseUrl}/<Alert>.md, which no notification or Grafana link can open; publish the generated ${RUNBOOKS_DIR}/ folder on a web server or wiki and set runbooks.baseUrl to its URL`,
      ),
    )
  }
  return warnings
}
