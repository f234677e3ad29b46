import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import type {Fleet} from '../../src/normalize/fleet-model.js'
import {EXAMPLES, fleetFromYaml, loadExample, tempDir} from '../helpers/fleet.js'
import {writeOutput} from '../helpers/output.js'
import {prometheusRulesGenerator} from '../../src/generators/prometheus-rules/index.js'
import {FAST_SCRAPE_FLEET, SCALE_FLEET} from './fleets.js'
import {generate} from './generate.js'
import {BLACKBOX_BINARY, blackboxCheckConfig, promtoolCheckConfig} from '../helpers/real-tools.js'

const fleets: [string, () => Promise<Fleet>][] = [
  ...EXAMPLES.map((name): [string, () => Promise<Fleet>] => [name, () => loadExample(name)]),
  ['shards: 3, agent mode, https + mTLS, remote write', () => fleetFromYaml(SCALE_FLEET)],
  ['scrapeInterval: 5s without a timeout', () => fleetFromYaml(FAST_SCRAPE_FLEET)],
]

describe.each(fleets)('real tools accept the scrape output of %s', (_, load) => {
  it('promtool check config passes for every Prometheus config, shard and agent file', async () => {
    const files = generate(await load())
    const dir = await tempDir('inferwatch-scrape-')
    // With the rule files beside them, as generate writes them: configs name recording.yml directly.
    await writeOutput(dir, [...files, ...prometheusRulesGenerator.generate(await load()).files])
    const configs = files.map((f) => f.path).filter((p) => /^prometheus\/(?:shards\/)?prometheus[^/]*\.yml$/.test(p))
    expect(configs).toContain('prometheus/prometheus.yml')
    for (const config of configs) {
      const result = await promtoolCheckConfig(dir, config, {agent: config.endsWith('-agent.yml')})
      expect(result.output, config).toContain('SUCCESS')
      // promtool only warns (exit 0) when a file_sd file is missing: a wrong relative path must fail here.
      expect(result.output, config).not.toContain('WARNING')
      expect(result.ok, `${config}\n${result.output}`).toBe(true)
    }
  })

  // CI installs blackbox_exporter (.ci/run), so there a missing binary fails instead of skipping.
  it.skipIf(BLACKBOX_BINARY === undefined && !process.env.CI)('blackbox_exporter --config.check accepts blackbox.yml', async () => {
    const files = generate(await load())
    const dir = await tempDir('inferwatch-blackbox-')
    await writeOutput(dir, files)
    const result = blackboxCheckConfig(join(dir, 'blackbox/blackbox.yml'))
    expect(result.ok, result.output).toBe(true)
  })
})

describe('the agent config is really agent-only', () => {
  it('promtool in agent mode rejects the server config (rule_files, alerting) but accepts the agent file', async () => {
    const files = generate(await fleetFromYaml(SCALE_FLEET))
    const dir = await tempDir('inferwatch-agent-')
    await writeOutput(dir, files)
    expect((await promtoolCheckConfig(dir, 'prometheus/prometheus.yml', {agent: true})).ok).toBe(false)
    expect((await promtoolCheckConfig(dir, 'prometheus/prometheus-agent.yml', {agent: true})).ok).toBe(true)
  })
})
