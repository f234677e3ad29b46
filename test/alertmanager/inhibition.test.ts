import {once} from 'node:events'
import {createServer} from 'node:net'
import {join} from 'node:path'

import {execa, type ResultPromise} from 'execa'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {INHIBITING_ALERTS, SEVERITY_PAIRS} from '../../src/generators/alertmanager/inhibit-rules.js'
import {fleetFromYaml, tempDir} from '../helpers/fleet.js'
import {generateAlertmanager} from './amtool.js'
import {NO_ALERTING} from './fleets.js'

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const {port} = server.address() as {port: number}
  server.close()
  return port
}

async function waitUntilReady(url: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false)
    if (ready) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`Alertmanager at ${url} did not become ready`)
}

type Labels = Record<string, string>

/**
 * Runs the real Alertmanager (Debian's prometheus-alertmanager) on the generated config, posts alerts
 * and reads back which ones it marks inhibited: the inhibit rules proven by the program that applies them.
 */
describe('alertmanager inhibit rules, applied by a real Alertmanager', () => {
  let alertmanager: ResultPromise | undefined
  let url = ''

  beforeAll(async () => {
    // The null-receiver config: the same inhibit rules, and no notification is ever attempted.
    const {config, file} = await generateAlertmanager(await fleetFromYaml(NO_ALERTING))
    expect(config.inhibit_rules.length).toBeGreaterThan(0)
    const port = await freePort()
    url = `http://127.0.0.1:${port}`
    alertmanager = execa('prometheus-alertmanager', [
      `--config.file=${file}`,
      `--storage.path=${join(await tempDir('inferwatch-am-data-'), 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
    ], {reject: false})
    await waitUntilReady(url)
  })

  afterAll(() => {
    alertmanager?.kill()
  })

  async function inhibited(alerts: Labels[]): Promise<string[]> {
    const posted = await fetch(`${url}/api/v2/alerts`, {
      body: JSON.stringify(alerts.map((labels) => ({annotations: {summary: labels.alertname}, labels}))),
      headers: {'content-type': 'application/json'},
      method: 'POST',
    })
    expect(posted.status).toBe(200)
    const current = (await (await fetch(`${url}/api/v2/alerts`)).json()) as Array<{labels: Labels; status: {inhibitedBy: string[]}}>
    const key = (l: Labels) => [l.alertname, l.node, l.server ?? '', l.severity].join('/')
    const wanted = new Set(alerts.map(key))
    return current.filter((a) => wanted.has(key(a.labels)) && a.status.inhibitedBy.length > 0).map((a) => key(a.labels)).sort()
  }

  it('mutes every other alert of a node that is down, and only that node', async () => {
    const {nodeDown} = INHIBITING_ALERTS
    expect(
      await inhibited([
        {alertname: nodeDown, node: 'n1', severity: 'critical'},
        {alertname: 'DiskFreeLow', node: 'n1', severity: 'warning'},
        {alertname: 'ModelServerDown', node: 'n1', server: 's1', severity: 'critical'},
        {alertname: 'DiskFreeLow', node: 'n2', severity: 'warning'},
      ]),
    ).toEqual(['DiskFreeLow/n1//warning', 'ModelServerDown/n1/s1/critical'])
  })

  it('mutes the other alerts of a model server that is down, not its neighbours', async () => {
    const {modelServerDown} = INHIBITING_ALERTS
    expect(
      await inhibited([
        {alertname: modelServerDown, node: 'n3', server: 'a', severity: 'critical'},
        {alertname: 'HighLatency', node: 'n3', server: 'a', severity: 'warning'},
        {alertname: 'HighLatency', node: 'n3', server: 'b', severity: 'warning'},
        {alertname: 'DiskFreeLow', node: 'n3', severity: 'warning'},
      ]),
    ).toEqual(['HighLatency/n3/a/warning'])
  })

  it('mutes a differently named warning while its critical twin fires on the same node', async () => {
    expect(SEVERITY_PAIRS.map((p) => p.critical)).toContain('NodeOverheatCritical')
    expect(
      await inhibited([
        {alertname: 'NodeOverheatCritical', hardware: 'raspberry-pi-5', node: 'n5', severity: 'critical'},
        {alertname: 'NodeOverheatWarning', hardware: 'raspberry-pi-5', node: 'n5', severity: 'warning'},
        {alertname: 'NodeOverheatWarning', hardware: 'raspberry-pi-5', node: 'n6', severity: 'warning'},
      ]),
    ).toEqual(['NodeOverheatWarning/n5//warning'])
  })

  it('lets a fast error-budget burn mute the slow burn and the error-ratio alert of that server only', async () => {
    expect(
      await inhibited([
        {alertname: 'ErrorBudgetFastBurn', node: 'n7', server: 'a', severity: 'critical'},
        {alertname: 'ErrorBudgetSlowBurn', node: 'n7', server: 'a', severity: 'warning'},
        {alertname: 'HighErrorRatio', node: 'n7', server: 'a', severity: 'warning'},
        {alertname: 'HighErrorRatio', node: 'n7', server: 'b', severity: 'warning'},
        {alertname: 'QueueSaturated', node: 'n7', server: 'a', severity: 'warning'},
      ]),
    ).toEqual(['ErrorBudgetSlowBurn/n7/a/warning', 'HighErrorRatio/n7/a/warning'])
  })

  it('mutes the warning form of an alert while its critical form fires', async () => {
    expect(
      await inhibited([
        {alertname: 'ErrorRateHigh', node: 'n4', server: 'a', severity: 'critical'},
        {alertname: 'ErrorRateHigh', node: 'n4', server: 'a', severity: 'warning'},
        {alertname: 'ErrorRateHigh', node: 'n4', server: 'b', severity: 'warning'},
        {alertname: 'QueueSaturated', node: 'n4', server: 'a', severity: 'warning'},
      ]),
    ).toEqual(['ErrorRateHigh/n4/a/warning'])
  })
})
