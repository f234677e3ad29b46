import {uniqueDiagnostics, type Diagnostic} from '../diagnostics/diagnostic.js'
import type {YamlSource} from '../load/yaml-source.js'
import {fleetSchema, type FleetSpec} from '../schema/fleet.js'
import {schemaIssuesToDiagnostics} from './schema-issues.js'
import {checkSemantics, checkSemanticsOfInvalid} from './semantic.js'

export type ValidationResult = {ok: true; spec: FleetSpec} | {ok: false; diagnostics: Diagnostic[]}

/** Schema first; semantic checks only run on a document whose shape is right. */
export function validateFleet(source: YamlSource, value: unknown): ValidationResult {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {diagnostics: [{col: 1, file: source.file, line: 1, message: 'a fleet file must be a YAML mapping (apiVersion, kind, metadata, nodes, …)', path: ''}], ok: false}
  }
  const parsed = fleetSchema.safeParse(withoutExtensions(value as Record<string, unknown>))
  if (!parsed.success) {
    const schemaProblems = schemaIssuesToDiagnostics(parsed.error.issues, source, fleetSchema, value)
    return {diagnostics: uniqueDiagnostics([...schemaProblems, ...checkSemanticsOfInvalid(value, source)]), ok: false}
  }
  const problems = checkSemantics(parsed.data, source)
  return problems.length > 0 ? {diagnostics: uniqueDiagnostics(problems), ok: false} : {ok: true, spec: parsed.data}
}

/** Top-level `x-…` keys are the user's own (e.g. YAML anchors shared with `<<:`), as in Compose files. */
export const EXTENSION_KEY = /^x-/

function withoutExtensions(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !EXTENSION_KEY.test(key)))
}
