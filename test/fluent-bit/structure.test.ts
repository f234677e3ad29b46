import {describe, expect, it} from 'vitest'

import {EXAMPLES, loadExample} from '../helpers/fleet.js'
import {everyFeatureFleet, generate, SINKS} from './fleets.js'
import {checkGeneratedFiles} from './structure.js'

const cases = [
  ...EXAMPLES.map((name) => ({load: () => loadExample(name), name})),
  ...SINKS.flatMap((sink) => (['yaml', 'classic'] as const).map((format) => ({load: () => everyFeatureFleet(sink, format), name: `every-feature ${sink} ${format}`}))),
]

describe('every generated Fluent Bit config is structurally sound', () => {
  it.each(cases)('$name', async ({load}) => {
    const checked = checkGeneratedFiles(generate(await load()))
    expect(checked.size).toBeGreaterThan(0)
    for (const [path, problems] of checked) expect(problems, path).toEqual([])
  })
})

describe('the structural checker', () => {
  it('catches what --dry-run lets through', async () => {
    const files = generate(await everyFeatureFleet('loki', 'yaml'))
    const config = files.find((f) => f.path === 'fluent-bit/pi-a/fluent-bit.yaml')!
    const broken = config.content
      .replace('parser: inferwatch_json', 'parser: json_typo')
      .replace('call: inferwatch_record', 'call: no_such_function')
      .replace(/match: metrics\.logs/, 'match: metric.logs')
      .replace(/retry_limit: '5'/, 'retry_limit: no_limits')
    const problems = checkGeneratedFiles([...files.filter((f) => f !== config), {...config, content: broken}]).get(config.path)!
    expect(problems).toEqual(
      expect.arrayContaining([
        'filter parser: parser json_typo is not defined',
        'filter lua: /etc/fluent-bit/inferwatch.lua defines no function no_such_function',
        expect.stringMatching(/^output prometheus_exporter log-metrics: match .* matches no tag/),
        'records tagged metrics.logs reach no output',
        'output loki (loki): retry_limit must be a bounded number, is no_limits',
      ]),
    )
  })
})
