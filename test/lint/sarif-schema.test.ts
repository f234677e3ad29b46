import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'

import {Ajv} from 'ajv'
import {describe, expect, it} from 'vitest'

import {CHECKS} from '../../src/lint/checks.js'
import type {Finding} from '../../src/lint/finding.js'
import {formatSarif} from '../../src/lint/format/sarif.js'

/** The OASIS SARIF 2.1.0 schema as @microsoft/jest-sarif ships it (draft-04: `id` becomes `$id` for Ajv 8). */
function sarifSchema(): object {
  const require = createRequire(import.meta.url)
  const packageDir = dirname(require.resolve('@microsoft/jest-sarif/package.json'))
  const schema = JSON.parse(readFileSync(join(packageDir, 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>
  const {$schema: _draft, id, ...rest} = schema
  return {...rest, $id: id}
}

const finding = (check: string, severity: Finding['severity'], file: string): Finding => ({check, col: 7, file, line: 3, message: `a ${check} finding`, offset: 0, path: '', severity})

describe('SARIF output', () => {
  // unicodeRegExp off: the schema's language-tag pattern is not a valid regex under the u flag.
  const validate = new Ajv({allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false}).compile(sarifSchema())

  it('validates against the SARIF 2.1.0 JSON schema, with every check as a rule', () => {
    const log = JSON.parse(
      formatSarif([finding('metric/renamed', 'error', '/repo/rules/a b.yml'), finding('dashboard/panel-without-unit', 'info', '/repo/dash.json'), finding('rule/alert-without-for', 'warning', '/repo/x.yml')], {cwd: '/repo', version: '0.1.0'}),
    ) as {runs: {tool: {driver: {rules: {id: string}[]}}; results: {level: string; ruleIndex: number; locations: {physicalLocation: {artifactLocation: {uri: string}}}[]}[]}[]}
    const valid = validate(log)
    expect(validate.errors ?? []).toEqual([])
    expect(valid).toBe(true)
    const run = log.runs[0]!
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(CHECKS.map((c) => c.id))
    expect(run.results.map((r) => r.level)).toEqual(['error', 'note', 'warning'])
    expect(run.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('rules/a%20b.yml')
    expect(run.tool.driver.rules[run.results[0]!.ruleIndex]!.id).toBe('metric/renamed')
  })

  it('an empty run is valid too', () => {
    expect(validate(JSON.parse(formatSarif([], {cwd: '/repo', version: '0.1.0'})))).toBe(true)
  })

  it('the schema rejects a broken log (so the check above means something)', () => {
    const broken = JSON.parse(formatSarif([finding('metric/renamed', 'error', '/repo/a.yml')], {cwd: '/repo', version: '0.1.0'})) as {runs: {results: {level: string}[]}[]}
    broken.runs[0]!.results[0]!.level = 'fatal'
    expect(validate(broken)).toBe(false)
  })
})
