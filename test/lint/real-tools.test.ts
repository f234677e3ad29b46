import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {execa} from 'execa'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {CHECKS} from '../../src/lint/checks.js'
import {CHECK_FIXTURES} from './check-fixtures.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iw-lint-real-'))
})
afterAll(async () => {
  await rm(dir, {force: true, recursive: true})
})

const TOOLS: Record<string, (file: string) => string[]> = {
  alertmanager: (file) => ['amtool', 'check-config', file],
  prometheus: (file) => ['promtool', 'check', 'config', file],
}

/** Error-severity checks of Prometheus and Alertmanager configs claim "the program refuses it": the programs say so too. */
describe('error findings in Prometheus and Alertmanager configs are what promtool and amtool refuse', () => {
  const fixtures = CHECK_FIXTURES.filter((f) => {
    const info = CHECKS.find((c) => c.id === f.check)!
    return info.severity === 'error' && (f.check.startsWith('prometheus/') || f.check.startsWith('alertmanager/'))
  })

  it('covers the error checks of both', () => {
    expect(fixtures.map((f) => f.check).sort()).toEqual(['alertmanager/root-route-without-receiver', 'alertmanager/undefined-receiver', 'prometheus/duplicate-job', 'prometheus/scrape-timeout'])
  })

  for (const [i, fixture] of fixtures.entries()) {
    it(fixture.check, async () => {
      const [tool, ...args] = TOOLS[fixture.check.split('/')[0]!]!(join(dir, `${i}.yml`))
      await writeFile(join(dir, `${i}.yml`), fixture.bad.replace('‸', ''))
      const bad = await execa(tool!, args, {all: true, reject: false, timeout: 20_000})
      expect(bad.exitCode, bad.all).not.toBe(0)
      await writeFile(join(dir, `${i}.yml`), fixture.good)
      const good = await execa(tool!, args, {all: true, reject: false, timeout: 20_000})
      expect(good.exitCode, good.all).toBe(0)
    })
  }
})
