import {readFile, writeFile, mkdir} from 'node:fs/promises'
import {dirname, join} from 'node:path'

import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'

import {prometheusRulesGenerator} from '../../src/generators/prometheus-rules/index.js'
import {parseDuration} from '../../src/schema/primitives.js'
import {examplePath, fleetFromYaml, tempDir} from '../helpers/fleet.js'
import {absentRules, expressionRules, testFiles, type TestFile} from './output.js'
import {promtool} from './promtool.js'

/** gpu-server.yaml with `defaults.alerts` added under its `defaults:` line. */
async function gpuServerWith(alerts: string) {
  const yaml = (await readFile(examplePath('gpu-server'), 'utf8')).replace('\ndefaults:\n', `\ndefaults:\n  alerts:\n${alerts}`)
  return fleetFromYaml(yaml)
}

describe('defaults.alerts.<AlertName>.for', () => {
  it('replaces the catalog’s for of that alert only, and its promtool tests still pass', async () => {
    const fleet = await gpuServerWith('    HighP99Latency: {for: 1m}\n    BackupTooOld: {for: 20s}\n')
    const {files} = prometheusRulesGenerator.generate(fleet)
    const rules = expressionRules(files)
    expect(rules.filter((r) => r.alert === 'HighP99Latency').map((r) => r.for)).toEqual(['1m'])
    expect(rules.filter((r) => r.alert === 'BackupTooOld').map((r) => r.for)).toEqual(['20s'])
    // The missing-series rule waits the backup's maximum age, not the expression's for.
    expect(absentRules(files).filter((r) => r.alert === 'BackupTooOld').map((r) => r.for)).toEqual(['26h'])
    expect(rules.find((r) => r.alert === 'HighErrorRatio')!.for).not.toBe('1m')

    const dir = await tempDir('inferwatch-for-')
    for (const file of files) {
      await mkdir(dirname(join(dir, file.path)), {recursive: true})
      await writeFile(join(dir, file.path), file.content)
    }
    const run = await promtool(['test', 'rules', ...testFiles(files).map((f) => f.path.replace('prometheus/', ''))], join(dir, 'prometheus'))
    expect(run.ok, run.output).toBe(true)
    // Its tests evaluate sooner than with the catalog's 10m: the timeline follows the overridden for.
    const catalogFleet = await fleetFromYaml(await readFile(examplePath('gpu-server'), 'utf8'))
    const evalTimes = (out: typeof files) =>
      testFiles(out).flatMap((f) => (parse(f.content) as TestFile).tests.flatMap((t) => t.alert_rule_test.filter((a) => a.alertname === 'HighP99Latency').map((a) => a.eval_time)))
    const seconds = (times: string[]) => Math.max(...times.map((t) => parseDuration(t)!))
    expect(seconds(evalTimes(files))).toBeLessThan(seconds(evalTimes(prometheusRulesGenerator.generate(catalogFleet).files)))
  })

  it('rejects an alert name the catalog does not have, with its location and a suggestion', async () => {
    await expect(gpuServerWith('    HighP99Latncy: {for: 1m}\n')).rejects.toThrow(/\d+:\d+ defaults\.alerts\.HighP99Latncy: unknown alert "HighP99Latncy" \(did you mean "HighP99Latency"\?\)/)
  })
})
