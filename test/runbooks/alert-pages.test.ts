import {parse} from 'yaml'
import {describe, expect, it} from 'vitest'

import {hasOwnGuide} from '../../src/generators/runbooks/alert-guides.js'
import {runGenerators} from '../../src/generators/run-generators.js'
import {fleetRules} from '../../src/generators/prometheus-rules/index.js'
import {runbooksGenerator} from '../../src/generators/runbooks/index.js'
import {EXAMPLES, fleetFromYaml, loadExample, tempDir} from '../helpers/fleet.js'
import {fileByPath, writeOutput} from '../helpers/output.js'
import {markdownlint} from './markdownlint.js'
import {EVERY_ALERT_FLEET} from '../prometheus-rules/fleets.js'

type RuleFile = {groups: {rules: {alert?: string; annotations?: {runbook_url?: string}}[]}[]}

/** GitHub's anchor for a heading: lowercase, punctuation dropped, spaces to dashes. */
const anchorOf = (heading: string) => heading.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-')

describe('alert runbook pages', () => {
  it.each(EXAMPLES)('%s: every runbook_url resolves to a generated page and anchor', async (name) => {
    const fleet = await loadExample(name)
    const files = runGenerators(fleet)
    const urls = files
      .filter((f) => /^prometheus\/rules\/alerts-.*\.yml$/.test(f.path))
      .flatMap((f) => (parse(f.content) as RuleFile).groups.flatMap((g) => g.rules.map((r) => ({alert: r.alert!, url: r.annotations!.runbook_url!}))))
    expect(urls.length).toBeGreaterThan(5)
    for (const {alert, url} of urls) {
      expect(url.startsWith(`${fleet.runbooks.baseUrl}/`), url).toBe(true)
      const [relative, anchor] = url.slice(fleet.runbooks.baseUrl.length + 1).split('#') as [string, string | undefined]
      const page = fileByPath(files, `runbooks/${relative}`).content
      const headings = page.split('\n').filter((line) => /^#{1,6} /.test(line)).map((line) => anchorOf(line.replace(/^#+ /, '')))
      expect(page.split('\n')[0]).toBe(`# ${alert}`)
      expect(headings).toContain(anchor ?? anchorOf(alert))
    }
  })

  it('gives every alert in the bundled rule catalog its own guide', async () => {
    const everything = await fleetFromYaml(EVERY_ALERT_FLEET)
    const names = new Set(fleetRules(everything).alerts.map((a) => a.name))
    expect(names.size).toBeGreaterThan(20)
    for (const name of names) expect(hasOwnGuide(name), name).toBe(true)
  })

  it.each(EXAMPLES)('%s: NodeDown page snapshot', async (name) => {
    const files = runGenerators(await loadExample(name))
    await expect(fileByPath(files, 'runbooks/NodeDown.md').content).toMatchFileSnapshot(`__snapshots__/${name}/runbooks/NodeDown.md`)
  })

  it('shows the exact expression, the threshold and where it comes from', async () => {
    const files = runGenerators(await loadExample('pi-cluster'))
    const page = fileByPath(files, 'runbooks/NodeOverheatCritical.md').content
    expect(page).toContain('Threshold 80 (node.temperature.critical), for 2m:')
    expect(page).toMatch(/```promql\nnode:inferwatch_temperature_celsius:max\{hardware="raspberry-pi-5"\} > 80\n```/)
    expect(page).toContain('Nodes: pi-01, pi-02, pi-03.')
  })

  it('explains the missing-series rule of a staleness alert', async () => {
    const files = runGenerators(await loadExample('pi-cluster'))
    const page = fileByPath(files, 'runbooks/BackupTooOld.md').content
    expect(page).toContain('| warning | backup | 10m / 26h |')
    expect(page).toContain('For models, threshold 93600 (backup.maxAgeSeconds), for 10m:')
    expect(page).toMatch(/when `inferwatch_backup_last_success_timestamp_seconds` has been missing for 26h/)
    expect(page).toMatch(/```promql\nabsent\(inferwatch_backup_last_success_timestamp_seconds\{backup="models",/)
  })

  it('gives diagnosis commands for the hardware and runtime the alert can fire on', async () => {
    const files = runGenerators(await loadExample('mixed'))
    const down = fileByPath(files, 'runbooks/ModelServerDown.md').content
    expect(down).toContain('vcgencmd get_throttled')
    expect(down).toContain('nvidia-smi')
    expect(down).toContain('ollama ps')
    expect(down).toContain('curl -fsS http://192.168.10.40:11434/api/tags')
    expect(down).toContain('curl -fsS http://192.168.10.30:8000/metrics')
    expect(down).toContain('journalctl -u llama-server')
    expect(down).toContain(`log show --last 1h --style compact --predicate 'process CONTAINS "ollama"'`)
    const xid = fileByPath(files, 'runbooks/GpuXidError.md').content
    expect(xid).toContain('nvidia-smi')
    expect(xid).not.toContain('vcgencmd')
    expect(xid).toContain('[Node dashboard](http://localhost:3000/d/iw-mixed-node)')
  })

  it('indexes alerts by severity, then area', async () => {
    const files = runGenerators(await loadExample('mixed'))
    const index = fileByPath(files, 'runbooks/README.md').content
    const critical = index.indexOf('## Critical alerts')
    const warning = index.indexOf('## Warning alerts')
    expect(critical).toBeGreaterThan(0)
    expect(warning).toBeGreaterThan(critical)
    expect(index.slice(critical, warning)).toContain('- [NodeDown](NodeDown.md):')
    expect(index.slice(warning)).toContain('### Canary')
  })
})

describe('a large fleet', () => {
  it('still gives pages that pass markdownlint', async () => {
    const nodes = Array.from({length: 60}, (_, i) => {
      const name = `pi-${String(i).padStart(3, '0')}`
      return `  - {name: ${name}, address: 10.1.0.${i + 1}, hardware: raspberry-pi-5, modelServers: [{name: ${name}-llama, runtime: llama-cpp, models: [{name: qwen}]}]}`
    })
    const fleet = await fleetFromYaml(`apiVersion: inferwatch/v1\nkind: Fleet\nmetadata: {name: big}\nnodes:\n${nodes.join('\n')}\n`)
    const files = runbooksGenerator.generate(fleet).files
    const page = fileByPath(files, 'runbooks/NodeDown.md').content
    expect(page).toMatch(/^Nodes: pi-000, pi-001, .*,\n/m)
    // Thirty names and a count, not sixty names; one diagnosis section for the sixty alike nodes.
    expect(page).toMatch(/pi-029 and 30 more\.\n/)
    expect(page).not.toContain('pi-030')
    expect(page.match(/^### /gm)).toEqual(['### '])
    expect(page).toContain('### Node pi-000 (Raspberry Pi 5, 10.1.0.1)')
    expect(page.replace(/\n/g, ' ')).toContain('The same commands serve the 59 other nodes of this kind: use the address of the one the alert names (its `instance` label).')
    const down = fileByPath(files, 'runbooks/ModelServerDown.md').content
    expect(down.match(/^### .*/gm)).toEqual(['### Node pi-000 (Raspberry Pi 5, 10.1.0.1)', '### Model server pi-000-llama (llama.cpp server on pi-000)'])
    const dir = await tempDir()
    await writeOutput(dir, files)
    const lint = await markdownlint(dir)
    expect(lint.ok, lint.output).toBe(true)
  })
})
