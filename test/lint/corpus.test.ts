import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {lintFiles} from '../../src/lint/run.js'
import {promtool} from '../prometheus-rules/promtool.js'
import {CORPUS_RULE_COUNT, dashboardCorpus, ruleCorpus} from './corpus.js'

/** Checks whose findings mean Prometheus would refuse to load the file. */
const REFUSED_BY_PROMETHEUS = new Set(['lint/parse-error', 'promql/syntax', 'promql/unquoted-label-value', 'rule/structure', 'rule/duplicate-group', 'rule/template-syntax'])

let dir: string
const rules = ruleCorpus()
const dashboards = dashboardCorpus()

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iw-lint-corpus-'))
  for (const [name, text] of Object.entries({...rules, ...dashboards})) await writeFile(join(dir, name), text)
})
afterAll(async () => {
  await rm(dir, {force: true, recursive: true})
})

describe('lint over a corpus of realistic rules and dashboards', () => {
  it(`has a few hundred rules (${CORPUS_RULE_COUNT} valid ones plus broken ones)`, () => {
    expect(CORPUS_RULE_COUNT).toBeGreaterThanOrEqual(250)
  })

  it('agrees with promtool check rules on which files parse, file by file', async () => {
    const names = Object.keys(rules).sort()
    const result = await lintFiles({config: {}, files: names.map((n) => join(dir, n))})
    const disagreements: string[] = []
    for (const name of names) {
      const judged = await promtool(['check', 'rules', name], dir)
      const refused = result.findings.filter((f) => f.file === join(dir, name) && REFUSED_BY_PROMETHEUS.has(f.check))
      if (judged.ok === refused.length > 0) {
        disagreements.push(`${name}: promtool ${judged.ok ? 'accepts' : 'refuses'} it, lint ${refused.length > 0 ? `refuses it (${refused.map((f) => `${f.line}:${f.col} ${f.message}`).join('; ')})` : 'accepts it'}\n${judged.output}`)
      }
    }
    expect(disagreements).toEqual([])
    // Both verdicts occur, so the agreement is not the trivial one.
    expect(names.filter((n) => n.includes('broken')).length).toBeGreaterThan(25)
  })

  it('lints the dashboards without crashing and without refusing their queries', async () => {
    const result = await lintFiles({config: {}, files: Object.keys(dashboards).map((n) => join(dir, n))})
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([])
    expect(result.findings.filter((f) => f.check === 'lint/unknown-kind')).toEqual([])
  })

  it('never crashes on any prefix of a corpus file (a file cut off anywhere)', async () => {
    const cut = join(dir, 'cut')
    await import('node:fs/promises').then((fs) => fs.mkdir(cut))
    const files: string[] = []
    for (const [name, text] of Object.entries({...rules, ...dashboards}).slice(0, 12)) {
      for (let i = 1; i < 12; i++) {
        const path = join(cut, `${i}-${name}`)
        await writeFile(path, text.slice(0, Math.floor((text.length * i) / 12)))
        files.push(path)
      }
    }
    const result = await lintFiles({config: {}, files})
    expect(result.findings.filter((f) => f.message.startsWith('internal error'))).toEqual([])
  })

  it('finds each broken expression in its own rule, at a line inside that rule', async () => {
    const broken = Object.keys(rules).filter((n) => n.startsWith('corpus-broken-expr'))
    const result = await lintFiles({config: {}, files: broken.map((n) => join(dir, n))})
    for (const name of broken) {
      const lines = rules[name]!.split('\n')
      const brokenLine = lines.findIndex((l) => /alert: Broken/.test(l)) + 1
      const refused = result.findings.filter((f) => f.file === join(dir, name) && REFUSED_BY_PROMETHEUS.has(f.check))
      expect(refused.length, name).toBeGreaterThan(0)
      expect(refused[0]!.line, name).toBeGreaterThan(brokenLine)
      expect(refused[0]!.line, name).toBeLessThan(brokenLine + 4)
    }
  })
})
