import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {loadFleet} from '../../src/pipeline.js'
import {CHECKS} from '../../src/lint/checks.js'
import {lintFiles} from '../../src/lint/run.js'
import {CHECK_FIXTURES, type CheckFixture} from './check-fixtures.js'

const MARK = '‸'
let dir: string
let n = 0

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iw-lint-checks-'))
})
afterAll(async () => {
  await rm(dir, {force: true, recursive: true})
})

/** Where the marker stands, as 1-based line and column, and the text without it. */
function unmark(text: string): {text: string; line?: number; col?: number} {
  const at = text.indexOf(MARK)
  if (at < 0) return {text}
  const before = text.slice(0, at)
  const line = before.split('\n').length
  return {col: at - before.lastIndexOf('\n'), line, text: before + text.slice(at + MARK.length)}
}

async function lintFixture(fixture: CheckFixture, text: string) {
  const folder = join(dir, String(n++))
  await import('node:fs/promises').then((fs) => fs.mkdir(folder))
  const file = join(folder, fixture.file)
  await writeFile(file, text)
  const files = [file]
  for (const [name, content] of Object.entries(fixture.extra ?? {})) {
    await writeFile(join(folder, name), content)
    files.push(join(folder, name))
  }
  let fleet
  let fleetMark: ReturnType<typeof unmark> | undefined
  if (fixture.fleet) {
    fleetMark = unmark(fixture.fleet)
    const fleetFile = join(folder, 'the-fleet.yaml')
    await writeFile(fleetFile, fleetMark.text)
    const loaded = await loadFleet(fleetFile)
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics))
    fleet = {file: fleetFile, model: loaded.fleet}
  }
  const result = await lintFiles({config: {}, files, fleet})
  return {file, fleetFile: fleet?.file, fleetMark, findings: result.findings.filter((f) => f.check === fixture.check)}
}

describe('every check has a failing and a passing fixture', () => {
  it('covers every check in the registry', () => {
    const covered = new Set(CHECK_FIXTURES.map((f) => f.check))
    expect(CHECKS.map((c) => c.id).filter((id) => !covered.has(id))).toEqual([])
  })

  for (const [i, fixture] of CHECK_FIXTURES.entries()) {
    it(`${fixture.check} #${i}: reported at the marked line and column, and not on the fixed file`, async () => {
      const bad = unmark(fixture.bad)
      const failing = await lintFixture(fixture, bad.text)
      const expected = bad.line !== undefined ? {file: failing.file, line: bad.line, col: bad.col} : {file: failing.fleetFile, line: failing.fleetMark?.line, col: failing.fleetMark?.col}
      expect(failing.findings.map((f) => ({check: f.check, col: f.col, file: f.file, line: f.line}))).toContainEqual({check: fixture.check, ...expected})
      const passing = await lintFixture(fixture, fixture.good)
      expect(passing.findings).toEqual([])
    })
  }
})
