import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'

import {prometheusRulesGenerator} from '../../src/generators/prometheus-rules/index.js'
import {PACKAGE_ROOT} from '../../src/package-root.js'
import {fleetFromYaml} from '../helpers/fleet.js'
import {EVERY_ALERT_FLEET} from '../prometheus-rules/fleets.js'
import {testFiles, type TestFile} from '../prometheus-rules/output.js'
import {generateAlertmanager, routedReceivers} from './amtool.js'

/*
 * Routing and inhibition rely on the label contract: every alert names its node, and carries the
 * node's site and tenant. The labels of every alert come from the generated promtool tests (each
 * alert's firing case states the exact labels it carries); amtool then says where each would go.
 */

const SITES = ['office', 'dc1']
const TENANTS = ['agency', 'internal']
const slack = (name: string) => `    - {name: ${name}, slack: {apiUrlFile: /etc/alertmanager/secrets/${name}, channel: "#${name}"}}`
const FLEET = `${EVERY_ALERT_FLEET}
alerting:
  alertmanagerVersion: "0.25"
  receivers:
${['ops', ...SITES.map((s) => `site-${s}`), ...TENANTS.map((t) => `tenant-${t}`)].map(slack).join('\n')}
  defaultReceiver: ops
  routes:
${SITES.map((s) => `    - {site: ${s}, receiver: site-${s}, continue: true}`).join('\n')}
${TENANTS.map((t) => `    - {tenant: ${t}, receiver: tenant-${t}, continue: true}`).join('\n')}
`

describe('the label contract of every alert', async () => {
  const fleet = await fleetFromYaml(FLEET)
  const alerts = testFiles(prometheusRulesGenerator.generate(fleet).files)
    .flatMap((f) => (parse(f.content) as TestFile).tests)
    .flatMap((t) => t.alert_rule_test.flatMap((a) => a.exp_alerts.map((e): Record<string, string | undefined> => ({alertname: a.alertname, ...e.exp_labels}))))
  const distinct = [...new Map(alerts.map((a) => [JSON.stringify([a.alertname, a.node, a.severity, a.condition]), a])).values()]

  it('covers every alert of the catalog', () => {
    const catalog = readdirSync(join(PACKAGE_ROOT, 'rules', 'alerts')).flatMap((f) => (parse(readFileSync(join(PACKAGE_ROOT, 'rules', 'alerts', f), 'utf8')) as {alerts: {alert: string}[]}).alerts.map((a) => a.alert))
    expect([...new Set(alerts.map((a) => a.alertname))].sort()).toEqual([...new Set(catalog)].sort())
  })

  it.each(distinct.map((labels) => [`${labels.alertname} on ${labels.node}`, labels] as const))('%s names its node and carries its site and tenant', (_, labels) => {
    const node = fleet.nodes.find((n) => n.name === labels.node)
    expect(node, `${labels.alertname} has no node label that names a node: ${JSON.stringify(labels)}`).toBeDefined()
    expect(labels.site).toBe(node!.labels.site)
    expect(labels.tenant).toBe(node!.labels.tenant)
  })

  it('reaches the routes its site and tenant ask for (amtool config routes test)', async () => {
    const {file} = await generateAlertmanager(fleet)
    for (const labels of distinct) {
      const expected = [...(labels.site ? [`site-${labels.site}`] : []), ...(labels.tenant ? [`tenant-${labels.tenant}`] : [])]
      // Only the labels routes and grouping read; others (threshold="window=3600,runs=3") are not matchers amtool parses.
      const routing: Record<string, string> = {}
      for (const name of ['alertname', 'node', 'server', 'severity', 'site', 'tenant']) if (labels[name] !== undefined) routing[name] = labels[name]
      expect(await routedReceivers(file, routing), JSON.stringify(labels)).toEqual(expected.length > 0 ? [...expected, 'ops'] : ['ops'])
    }
  })
})
