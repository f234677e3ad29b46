import {describe, expect, it} from 'vitest'

import {grafanaGenerator} from '../../src/generators/grafana/index.js'
import {grafanaUid} from '../../src/grafana/uids.js'
import {fleetFromYaml, loadExample} from '../helpers/fleet.js'
import {allPanels, generateDashboards, type GeneratedDashboard, queriesOf} from './dashboard-json.js'

const fleetYaml = (body: string) => `apiVersion: inferwatch/v1
kind: Fleet
metadata: {name: small}
${body}`

const PI_ONLY = fleetYaml(`nodes:
  - name: pi-01
    address: 10.0.0.11
    hardware: raspberry-pi-5
    accelerators: [hailo-8l]
    modelServers:
      - {name: llama-01, runtime: llama-cpp, models: [{name: qwen, stage: stable}]}
`)

function dashboard(dashboards: GeneratedDashboard[], kind: string) {
  return dashboards.find((d) => d.json.uid.endsWith(`-${kind}`))?.json
}

function titles(dashboards: GeneratedDashboard[]): string[] {
  return dashboards.flatMap((d) => allPanels(d.json).map((p) => p.title ?? ''))
}

function exprs(dashboards: GeneratedDashboard[]): string[] {
  return dashboards.flatMap((d) => queriesOf(d.json).map((q) => q.expr))
}

describe('dashboards draw only what the fleet has', () => {
  it('a fleet without NVIDIA nodes gets no GPU row and no DCGM query', async () => {
    const dashboards = generateDashboards(await fleetFromYaml(PI_ONLY))
    expect(titles(dashboards)).not.toContain('NVIDIA GPU')
    expect(titles(dashboards).some((t) => /GPU|VRAM/.test(t))).toBe(false)
    expect(exprs(dashboards).some((e) => e.includes('DCGM_'))).toBe(false)
  })

  it('a fleet with an NVIDIA node gets the GPU row', async () => {
    const dashboards = generateDashboards(await loadExample('gpu-server'))
    expect(titles(dashboards)).toEqual(expect.arrayContaining(['NVIDIA GPU', 'GPU utilisation', 'VRAM used', 'GPU power']))
  })

  it('draws the NPU only where a node runs the Hailo exporter', async () => {
    expect(titles(generateDashboards(await fleetFromYaml(PI_ONLY)))).not.toContain('NPU utilisation')
    const withExporter = PI_ONLY.replace('accelerators: [hailo-8l]', 'accelerators: [hailo-8l]\n    exporters: {hailo-exporter: {port: 9102}}')
    const dashboards = generateDashboards(await fleetFromYaml(withExporter))
    expect(titles(dashboards)).toContain('NPU utilisation')
  })

  it('draws macmon panels only for Apple Silicon nodes', async () => {
    expect(exprs(generateDashboards(await fleetFromYaml(PI_ONLY))).some((e) => e.includes('macmon_'))).toBe(false)
    expect(titles(generateDashboards(await loadExample('mixed')))).toContain('SoC power by component')
  })

  it('explains a signal no server provides with a text panel instead of an empty graph', async () => {
    const overview = dashboard(generateDashboards(await fleetFromYaml(PI_ONLY)), 'overview')!
    const latency = allPanels(overview).find((p) => p.title === 'P99 latency per server (not available)')
    expect(latency?.type).toBe('text')
    // without logging, llama.cpp's latency (which comes from its logs) does not exist
    expect(JSON.stringify(latency)).toContain('llama.cpp server provides this only through its logs')
  })

  it('says in the description which servers lack a signal others provide', async () => {
    const dashboards = generateDashboards(await loadExample('mixed'))
    const ttft = allPanels(dashboard(dashboards, 'serving')!).find((p) => p.title === 'Time to first token P50 / P95 / P99')
    expect(ttft?.description).toContain('Not available for llama-blog')
    expect(ttft?.description).toContain('Not available for ollama-tools')
    // mixed ships its logs: llama.cpp and Ollama latency come from them
    const latency = allPanels(dashboard(dashboards, 'overview')!).find((p) => p.title === 'P99 latency per server')
    expect(latency?.description).not.toContain('Not available')
  })

  it('shows canary against stable only when a canary is deployed', async () => {
    expect(titles(generateDashboards(await loadExample('mixed')))).toEqual(expect.arrayContaining(['P99 latency — stable', 'P99 latency — canary', 'Canary ÷ stable P99 latency']))
    expect(titles(generateDashboards(await loadExample('gpu-server'))).some((t) => t.includes('canary'))).toBe(false)
  })

  it('generates the logs dashboard only for a Loki sink and the drift dashboard only with drift jobs', async () => {
    expect(dashboard(generateDashboards(await loadExample('gpu-server')), 'logs')).toBeUndefined()
    expect(dashboard(generateDashboards(await loadExample('pi-cluster')), 'logs')).toBeDefined()
    expect(dashboard(generateDashboards(await loadExample('pi-cluster')), 'drift')).toBeUndefined()
    expect(dashboard(generateDashboards(await loadExample('gpu-server')), 'drift')).toBeDefined()
  })

  it('estimates watts from the fleet where nothing measures them and prices energy in the fleet currency', async () => {
    const energy = dashboard(generateDashboards(await loadExample('pi-cluster')), 'energy')!
    const watts = allPanels(energy).find((p) => p.title === 'Watts per node')!
    // Every Pi draws the same configured 11 W, so the query selects the kind, not a list of names.
    expect(watts.targets?.map((t) => t.expr)).toEqual(['11 * max by (node) (up{job="node", hardware="raspberry-pi-5"})'])
    const cost = allPanels(energy).find((p) => p.title === 'Fleet cost per month')!
    expect(cost.fieldConfig?.defaults?.unit).toBe('currencyEUR')
    expect(cost.targets?.[0]?.expr).toContain('* 0.32')
    const perToken = allPanels(energy).find((p) => p.title === 'Energy cost per million tokens')!
    expect(perToken.targets?.map((t) => t.expr)).toContain('vector(0.6)')
  })

  it('says what measured power covers, and adds base watts for the rest of an NVIDIA node (DCGM measures the GPUs only)', async () => {
    const energy = dashboard(generateDashboards(await loadExample('mixed')), 'energy')!
    const watts = allPanels(energy).find((p) => p.title === 'Watts per node')!
    const exprs = watts.targets?.map((t) => t.expr) ?? []
    // node:inferwatch_power_watts:sum records the catalog's power signal: macmon_sys_power_watts on a Mac.
    expect(exprs).toContain('sum by (node) (node:inferwatch_power_watts:sum{hardware="apple-silicon"})')
    expect(exprs).toContain('sum by (node) (node:inferwatch_power_watts:sum{hardware="nvidia-gpu"}) + 150 * max by (node) (up{job="node", hardware="nvidia-gpu"})')
    expect(watts.description).toContain('the GPUs only (dcgm-exporter DCGM_FI_DEV_POWER_USAGE), plus 150 W for the rest of the node while up')
    expect(watts.description).toContain('the whole machine (macmon sys_power)')
    const configured = await fleetFromYaml(fleetYaml(`nodes:
  - {name: gpu-01, address: 10.0.0.2, hardware: nvidia-gpu}
energy: {pricePerKwh: 0.3, currency: EUR, baseWatts: {nvidia-gpu: 220}}
`))
    const own = allPanels(dashboard(generateDashboards(configured), 'energy')!).find((p) => p.title === 'Watts per node')!
    expect(own.targets?.map((t) => t.expr)).toEqual(['sum by (node) (node:inferwatch_power_watts:sum{hardware="nvidia-gpu"}) + 220 * max by (node) (up{job="node", hardware="nvidia-gpu"})'])
  })

  it('names the nodes of a watts estimate only when they are not every node of their hardware', async () => {
    const fleet = await fleetFromYaml(fleetYaml(`nodes:
  - {name: pi-01, address: 10.0.0.1, hardware: raspberry-pi-5}
  - {name: pi-02, address: 10.0.0.2, hardware: raspberry-pi-5}
  - {name: pi-03, address: 10.0.0.3, hardware: raspberry-pi-5, watts: 15}
  - {name: box-01, address: 10.0.0.4, hardware: generic-linux, watts: 15}
energy: {pricePerKwh: 0.3, currency: EUR}
`))
    const watts = allPanels(dashboard(generateDashboards(fleet), 'energy')!).find((p) => p.title === 'Watts per node')!
    const exprs = watts.targets?.map((t) => t.expr) ?? []
    expect(exprs.filter((e) => e.includes('node=~'))).toEqual([
      expect.stringMatching(/^\d+ \* max by \(node\) \(up\{job="node", node=~"pi-01\|pi-02"\}\)$/),
      '15 * max by (node) (up{job="node", node=~"box-01|pi-03"})',
    ])
  })

  it('lists at most ten names in a panel description, then how many more', async () => {
    // Firmware throttling is a Raspberry Pi signal: the 25 Linux boxes are who lacks it.
    const boxes = Array.from({length: 25}, (_, i) => `  - {name: box-${String(i).padStart(2, '0')}, address: 10.0.1.${i + 1}, hardware: generic-linux}`).join('\n')
    const node = dashboard(generateDashboards(await fleetFromYaml(fleetYaml(`nodes:\n${boxes}\n  - {name: pi-01, address: 10.0.2.1, hardware: raspberry-pi-5}\n`))), 'node')!
    const descriptions = allPanels(node).map((p) => p.description ?? '').filter((d) => d.includes('Not available for'))
    expect(descriptions.length).toBeGreaterThan(0)
    for (const d of descriptions) {
      expect(d).toContain('box-00, box-01, box-02, box-03, box-04, box-05, box-06, box-07, box-08, box-09 and 15 more')
      expect(d).not.toContain('box-10')
    }
  })

  it('plots Hailo NPU utilisation from hailo_NPU_utilization_percent, the series the exporter serves', async () => {
    const node = dashboard(generateDashboards(await fleetFromYaml(PI_ONLY.replace('    accelerators: [hailo-8l]\n', '    accelerators: [hailo-8l]\n    exporters: {hailo-exporter: {enabled: true}}\n'))), 'node')!
    const text = JSON.stringify(allPanels(node).map((p) => p.targets))
    expect(text).toContain('hailo_NPU_utilization_percent{')
    expect(text).not.toMatch(/hailo_NPU_utilization[{ ]/)
  })

  it('links firing alerts to their runbooks under runbooks.baseUrl', async () => {
    const overview = dashboard(generateDashboards(await loadExample('gpu-server')), 'overview')!
    const text = JSON.stringify(allPanels(overview).find((p) => p.title === 'Firing alerts'))
    expect(text).toContain('https://wiki.example.com/runbooks/${__value.raw}.md')
  })
})

describe('stable output', () => {
  it('is byte-identical when generated twice', async () => {
    const fleet = await loadExample('mixed')
    expect(grafanaGenerator.generate(fleet)).toEqual(grafanaGenerator.generate(await loadExample('mixed')))
    expect(JSON.stringify(grafanaGenerator.generate(fleet).files)).toBe(JSON.stringify(grafanaGenerator.generate(fleet).files))
  })

  it('derives uids from the fleet name, shortened with a hash when too long', () => {
    expect(grafanaUid('mixed', 'overview')).toBe('iw-mixed-overview')
    const long = grafanaUid('a-very-long-fleet-name-for-the-edge-sites-of-europe', 'overview')
    expect(long.length).toBeLessThanOrEqual(40)
    expect(long).toMatch(/^iw-a-very-long-[a-z0-9-]*-[0-9a-f]{8}-overview$/)
    expect(grafanaUid('a.b', 'node')).not.toBe(grafanaUid('a-b', 'node'))
    expect(grafanaUid('a-very-long-fleet-name-for-the-edge-sites-of-europe', 'alertmanager')).toBe(grafanaUid('a-very-long-fleet-name-for-the-edge-sites-of-europe', 'alertmanager'))
  })
})

describe('per-series thresholds grow with the distinct objectives, not the servers', () => {
  it('the objective most servers share is the panel’s; each other one is one override matching its servers by one regex', async () => {
    const servers = [
      '{name: v-a, runtime: vllm, port: 8001, models: [{name: m}]}',
      '{name: v-b, runtime: vllm, port: 8002, models: [{name: m}]}',
      '{name: v-c, runtime: vllm, port: 8003, models: [{name: m}]}',
      '{name: v.d, runtime: vllm, port: 8004, models: [{name: m}], slo: {latencyP99: 6s}}',
      '{name: v-e, runtime: vllm, port: 8005, models: [{name: m}], slo: {latencyP99: 6s}}',
      '{name: v-f, runtime: vllm, port: 8006, models: [{name: m}], slo: {latencyP99: 9s}}',
    ]
    const fleet = await fleetFromYaml(
      fleetYaml(`defaults: {slo: {latencyP99: 500ms}}
nodes:
  - name: gpu-01
    address: 10.0.0.30
    hardware: nvidia-gpu
    modelServers:
${servers.map((s) => `      - ${s}`).join('\n')}
`),
    )
    const serving = dashboard(generateDashboards(fleet), 'serving')!
    const p99 = allPanels(serving).find((p) => p.title === 'Request latency P50 / P95 / P99') as unknown as {
      fieldConfig: {defaults: {thresholds: {steps: {value: number | null}[]}}; overrides: {matcher: {id: string; options: string}; properties: {value: {steps: {value: number | null}[]}}[]}[]}
    }
    expect(p99.fieldConfig.defaults.thresholds.steps.map((s) => s.value)).toEqual([null, 0.5])
    expect(p99.fieldConfig.overrides.map((o) => [o.matcher.id, o.matcher.options, o.properties[0]!.value.steps.at(-1)!.value])).toEqual([
      ['byRegexp', '^(?:v-e p99|v\\.d p99)$', 6],
      ['byName', 'v-f p99', 9],
    ])
  })
})
