import {describe, expect, it} from 'vitest'

import {GROUP_BY} from '../../src/generators/alertmanager/route-tree.js'
import {DEFAULTS} from '../../src/normalize/defaults.js'
import {fleetFromYaml, loadExample} from '../helpers/fleet.js'
import {generateAlertmanager, routedReceivers} from './amtool.js'
import {NO_ALERTING, NO_ROUTES_FAST_REPEAT, ONLY_WEBHOOK, SITE_AND_TENANT_ROUTES} from './fleets.js'

describe('alertmanager route tree', () => {
  it('groups by alert, node and server with the fleet timing', async () => {
    const {config} = await generateAlertmanager(await fleetFromYaml(SITE_AND_TENANT_ROUTES))
    expect(config.route).toMatchObject({
      group_by: [...GROUP_BY],
      group_interval: '10m',
      group_wait: '45s',
      receiver: 'ops-email',
      repeat_interval: '12h',
    })
  })

  it('keeps the fleet routes in order, as matchers, then a catch-all to the default receiver', async () => {
    const {config, content} = await generateAlertmanager(await fleetFromYaml(SITE_AND_TENANT_ROUTES))
    expect(config.route.routes).toEqual([
      {continue: true, matchers: ['severity="critical"', 'site="office"'], receiver: 'office-slack'},
      {matchers: ['tenant="agency"'], receiver: 'agency-slack'},
      // dc-pager is webhook-only, which Alertmanager 0.25 cannot load: continue so alerts are not lost.
      {continue: true, matchers: ['site="datacenter"'], receiver: 'dc-pager'},
      {receiver: 'ops-email'},
    ])
    expect(content).not.toMatch(/\bmatch(_re)?:/)
  })

  it('routes site and tenant alerts to the expected receivers (amtool config routes test)', async () => {
    const {file} = await generateAlertmanager(await fleetFromYaml(SITE_AND_TENANT_ROUTES))
    expect(await routedReceivers(file, {severity: 'critical', site: 'office', tenant: 'agency'})).toEqual(['office-slack', 'agency-slack'])
    expect(await routedReceivers(file, {severity: 'warning', site: 'office', tenant: 'agency'})).toEqual(['agency-slack'])
    expect(await routedReceivers(file, {severity: 'critical', site: 'office', tenant: 'internal'})).toEqual(['office-slack', 'ops-email'])
    expect(await routedReceivers(file, {severity: 'critical', site: 'datacenter', tenant: 'internal'})).toEqual(['dc-pager', 'ops-email'])
    expect(await routedReceivers(file, {severity: 'warning', site: 'lab'})).toEqual(['ops-email'])
  })

  it('sends agency alerts of the mixed example to the agency Slack and the rest to ops email', async () => {
    const {file} = await generateAlertmanager(await loadExample('mixed'))
    expect(await routedReceivers(file, {severity: 'critical', tenant: 'agency'})).toEqual(['agency-slack'])
    expect(await routedReceivers(file, {severity: 'warning', tenant: 'agency'})).toEqual(['agency-slack'])
    expect(await routedReceivers(file, {severity: 'critical', tenant: 'internal'})).toEqual(['ops-email'])
  })

  it('pages critical alerts of the pi-cluster example to on-call and still emails ops (continue: true)', async () => {
    const {file} = await generateAlertmanager(await loadExample('pi-cluster'))
    expect(await routedReceivers(file, {severity: 'critical', tenant: 'agency'})).toEqual(['oncall-webhook', 'ops-email'])
    expect(await routedReceivers(file, {severity: 'warning', tenant: 'agency'})).toEqual(['ops-email'])
  })

  it('splits by severity when the fleet gives no routes', async () => {
    const {config, file, output} = await generateAlertmanager(await loadExample('gpu-server'))
    const {critical, info} = DEFAULTS.alerting.severityRoutes
    expect(config.route.routes).toEqual([
      {group_wait: critical.groupWait, matchers: ['severity="critical"'], receiver: 'team-slack', repeat_interval: critical.repeatInterval},
      {matchers: ['severity="info"'], receiver: 'team-slack', repeat_interval: info.repeatInterval},
    ])
    for (const severity of ['critical', 'warning', 'info']) expect(await routedReceivers(file, {severity})).toEqual(['team-slack'])
    expect(output.notes?.join('\n')).toMatch(/no `alerting.routes`.*critical alerts are sent after 10s and repeated every 1h/)
  })

  it('never makes the severity split slower than the fleet asks', async () => {
    const {config} = await generateAlertmanager(await fleetFromYaml(NO_ROUTES_FAST_REPEAT))
    expect(config.route.repeat_interval).toBe('30m')
    expect(config.route.routes?.[0]).toMatchObject({matchers: ['severity="critical"'], repeat_interval: '30m'})
  })

  it('sends everything to the null receiver when the fleet has no alerting section, and says so', async () => {
    const {config, file, output} = await generateAlertmanager(await fleetFromYaml(NO_ALERTING))
    expect(config.receivers).toEqual([{name: 'null'}])
    expect(config.route.routes).toBeUndefined()
    expect(await routedReceivers(file, {severity: 'critical'})).toEqual(['null'])
    expect(output.notes?.join('\n')).toMatch(/no `alerting` section.*notifies no one/)
  })

  it('warns when the default receiver cannot notify on Alertmanager 0.25', async () => {
    const {output} = await generateAlertmanager(await fleetFromYaml(ONLY_WEBHOOK))
    expect(output.notes?.join('\n')).toMatch(/default receiver `pager` cannot notify/)
  })
})
