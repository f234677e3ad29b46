import {access} from 'node:fs/promises'

import {z} from 'zod'

import type {Diagnostic} from '../diagnostics/diagnostic.js'
import {diagnosticAt} from '../load/yaml-source.js'
import {readFleetFile} from '../load/read-fleet-file.js'
import {duration, labelName} from '../schema/primitives.js'
import {schemaIssuesToDiagnostics} from '../validate/schema-issues.js'
import {isCheckId} from './checks.js'
import {SEVERITIES} from './finding.js'

export const LINT_CONFIG_FILE = '.inferwatch-lint.yaml'

const checkId = z.string().refine(isCheckId, {message: 'is not a lint check id (see `inferwatch lint --explain`)'})

/** `.inferwatch-lint.yaml`: which checks run, how severe they are, and facts lint cannot read from the files. */
export const lintConfigSchema = z.strictObject({
  disable: z.array(checkId).optional().meta({description: 'check ids that never report'}),
  severity: z.record(checkId, z.enum(SEVERITIES)).optional().meta({description: 'severity per check id, overriding its default'}),
  ignore: z.array(z.string()).optional().meta({description: 'globs of files not to lint (relative to the current folder)'}),
  scrapeInterval: duration.optional().meta({description: 'scrape interval to assume when no linted Prometheus config or fleet says it'}),
  labels: z.array(labelName).optional().meta({description: 'extra target labels your scrape configuration attaches'}),
})
export type LintConfig = z.infer<typeof lintConfigSchema>

export type ConfigResult = {ok: true; config: LintConfig; file?: string} | {ok: false; diagnostics: Diagnostic[]}

/** The given config file, else `.inferwatch-lint.yaml` in the current folder if there is one, else none. */
export async function loadLintConfig(explicit: string | undefined): Promise<ConfigResult> {
  const file = explicit ?? LINT_CONFIG_FILE
  if (!(await access(file).then(() => true, () => false))) {
    if (!explicit) return {config: {}, ok: true}
    return {diagnostics: [{col: 1, file, line: 1, message: 'lint configuration file not found', path: ''}], ok: false}
  }
  const parsed = await readFleetFile(file)
  if (!parsed.ok) return parsed
  if (parsed.value === null || parsed.value === undefined) return {config: {}, file, ok: true}
  const result = lintConfigSchema.safeParse(parsed.value)
  if (!result.success) {
    const diagnostics = schemaIssuesToDiagnostics(result.error.issues, parsed.source, lintConfigSchema, parsed.value)
    return {diagnostics: diagnostics.length > 0 ? diagnostics : [diagnosticAt(parsed.source, [], 'invalid lint configuration')], ok: false}
  }
  return {config: result.data, file, ok: true}
}
