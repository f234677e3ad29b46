import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'

import {grafanaGenerator} from '../../src/generators/grafana/index.js'
import {DASHBOARDS_PROVISIONING_PATH, DATASOURCES_PROVISIONING_PATH, dashboardsMountPath} from '../../src/generators/grafana/output-paths.js'
import {EXAMPLES, loadExample} from '../helpers/fleet.js'
import {fileByPath} from '../helpers/output.js'
import {dashboardsOf} from './dashboard-json.js'

interface Datasource {name: string; uid: string; type: string; url: string; jsonData?: Record<string, unknown>; secureJsonData?: Record<string, unknown>}

describe.each(EXAMPLES)('provisioning of %s', (name) => {
  it('provides the dashboards folder through a file provider', async () => {
    const fleet = await loadExample(name)
    const doc = parse(fileByPath(grafanaGenerator.generate(fleet).files, DASHBOARDS_PROVISIONING_PATH).content)
    expect(doc.apiVersion).toBe(1)
    expect(doc.providers).toHaveLength(1)
    expect(doc.providers[0]).toMatchObject({allowUiUpdates: false, options: {path: dashboardsMountPath(fleet)}, type: 'file'})
  })

  it('provisions the data sources the dashboards default to, Loki only for a Loki sink', async () => {
    const fleet = await loadExample(name)
    const {files} = grafanaGenerator.generate(fleet)
    const doc = parse(fileByPath(files, DATASOURCES_PROVISIONING_PATH).content) as {apiVersion: number; datasources: Datasource[]}
    expect(doc.apiVersion).toBe(1)
    const types = doc.datasources.map((d) => d.type)
    expect(types).toEqual(fleet.logging?.sink.type === 'loki' ? ['prometheus', 'alertmanager', 'loki'] : ['prometheus', 'alertmanager'])
    expect(doc.datasources.find((d) => d.type === 'prometheus')?.jsonData?.timeInterval).toBe(fleet.scrape.interval)
    const uids = new Set(doc.datasources.map((d) => d.uid))
    for (const {json} of dashboardsOf(files)) expect(uids.has(json.templating.list[0]!.current!.value!), json.uid).toBe(true)
  })
})

it('sends the Loki tenant as X-Scope-OrgID', async () => {
  const {fleetFromYaml} = await import('../helpers/fleet.js')
  const fleet = await fleetFromYaml(`apiVersion: inferwatch/v1
kind: Fleet
metadata: {name: tenant}
nodes: [{name: n1, address: 10.0.0.1, hardware: generic-linux}]
logging: {sink: {type: loki, host: loki.example.com, tls: true, tenantId: ops}}
`)
  const doc = parse(fileByPath(grafanaGenerator.generate(fleet).files, DATASOURCES_PROVISIONING_PATH).content) as {datasources: Datasource[]}
  expect(doc.datasources.find((d) => d.type === 'loki')).toMatchObject({
    jsonData: {httpHeaderName1: 'X-Scope-OrgID'},
    secureJsonData: {httpHeaderValue1: 'ops'},
    url: 'https://loki.example.com:3100',
  })
})
