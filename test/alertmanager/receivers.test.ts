import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'

import {SLACK_MESSAGE} from '../../src/generators/alertmanager/slack-message.js'
import {DEFAULTS} from '../../src/normalize/defaults.js'
import {atLeastVersion} from '../../src/schema/primitives.js'
import {EXAMPLES, fleetFromYaml, loadExample, tempDir} from '../helpers/fleet.js'
import {checkConfig, generateAlertmanager, renderTemplate} from './amtool.js'
import {DEBIAN_ALERTMANAGER, ONLY_WEBHOOK, SITE_AND_TENANT_ROUTES} from './fleets.js'

/** Alertmanager keys that would hold a secret inline; their *_file twins are the only allowed form. */
const INLINE_SECRET_KEYS = new Set(['api_key', 'api_url', 'auth_password', 'auth_secret', 'bearer_token', 'credentials', 'password', 'routing_key', 'service_key', 'slack_api_url', 'smtp_auth_password', 'url'])

/** Every [key, value] pair anywhere in a parsed YAML tree. */
function entries(node: unknown): Array<[string, unknown]> {
  if (Array.isArray(node)) return node.flatMap(entries)
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([k, v]) => [[k, v] as [string, unknown], ...entries(v)])
  return []
}

describe('alertmanager receivers', () => {
  it.each(EXAMPLES)('match the fleet receivers for the %s example', async (name) => {
    const fleet = await loadExample(name)
    const {config} = await generateAlertmanager(fleet)
    expect(config.receivers.map((r) => r.name)).toEqual(fleet.alerting!.receivers.map((r) => r.name))
    for (const receiver of fleet.alerting!.receivers) {
      const rendered = config.receivers.find((r) => r.name === receiver.name)!
      if (receiver.email) {
        expect(rendered.email_configs).toEqual([
          expect.objectContaining({from: receiver.email.from, send_resolved: true, smarthost: receiver.email.smarthost, to: receiver.email.to}),
        ])
      }
      if (receiver.slack) {
        expect(rendered.slack_configs).toEqual([
          expect.objectContaining({api_url_file: receiver.slack.apiUrlFile, channel: receiver.slack.channel, send_resolved: true}),
        ])
      }
      if (!receiver.email) expect(rendered.email_configs).toBeUndefined()
      if (!receiver.slack) expect(rendered.slack_configs).toBeUndefined()
    }
  })

  it.each(EXAMPLES)('hold no secret inline for the %s example, only *_file paths from the fleet', async (name) => {
    const {config} = await generateAlertmanager(await loadExample(name))
    const pairs = entries(config)
    expect(pairs.filter(([key]) => INLINE_SECRET_KEYS.has(key))).toEqual([])
    for (const [key, value] of pairs.filter(([k]) => k.endsWith('_file'))) expect(value, key).toMatch(/^\/etc\/alertmanager\/secrets\//)
  })

  it('reads the SMTP password from its file (auth_password_file, which Alertmanager 0.25 supports)', async () => {
    const {config} = await generateAlertmanager(await loadExample('pi-cluster'))
    expect(config.receivers.find((r) => r.name === 'ops-email')!.email_configs).toEqual([
      {
        auth_password_file: '/etc/alertmanager/secrets/smtp-password',
        auth_username: 'alerts@agency.example.com',
        from: 'alerts@agency.example.com',
        send_resolved: true,
        smarthost: 'smtp.agency.example.com:587',
        to: 'ops@agency.example.com',
      },
    ])
  })

  it('writes the webhook as a url_file block to uncomment, and says why in the notes', async () => {
    const {config, content, output} = await generateAlertmanager(await loadExample('pi-cluster'))
    expect(config.receivers.find((r) => r.name === 'oncall-webhook')).toEqual({name: 'oncall-webhook'})
    expect(content).toContain('    # webhook_configs:\n    #   - url_file: /etc/alertmanager/secrets/oncall-webhook-url\n')
    expect(output.notes?.join('\n')).toMatch(/`oncall-webhook`.*url_file.*0\.26/)
  })

  it('gives a receiver with email and webhook its email, and the webhook as a comment', async () => {
    const yaml = SITE_AND_TENANT_ROUTES.replace('- name: dc-pager\n', '- name: dc-pager\n      email: {to: dc@example.com, from: am@example.com, smarthost: smtp.example.com:587}\n')
    const {config, content} = await generateAlertmanager(await fleetFromYaml(yaml))
    expect(config.receivers.find((r) => r.name === 'dc-pager')!.email_configs).toHaveLength(1)
    expect(content).toContain('#   - url_file: /etc/alertmanager/secrets/dc-pager')
    // Now the receiver can notify, so its route is no longer forced to continue.
    expect(config.route.routes?.[2]).toEqual({matchers: ['site="datacenter"'], receiver: 'dc-pager'})
  })

  it('canary: amtool 0.25 rejects webhook url_file; when this fails, Alertmanager supports it and the comment can become config', async () => {
    const {content} = await generateAlertmanager(await loadExample('pi-cluster'))
    const uncommented = content.replace(/^ {4}# ( {0,4}(?:webhook_configs:|- url_file:|send_resolved:).*)$/gm, '    $1')
    expect(parse(uncommented).receivers[0].webhook_configs).toEqual([{send_resolved: true, url_file: '/etc/alertmanager/secrets/oncall-webhook-url'}])
    const dir = await tempDir('inferwatch-am-canary-')
    await writeFile(join(dir, 'alertmanager.yml'), uncommented)
    const result = await checkConfig(join(dir, 'alertmanager.yml'))
    expect(result.output).toMatch(/field url_file not found/)
  })
})

describe('slack message templates', () => {
  const alert = (labels: Record<string, string>, summary: string) => ({
    annotations: {description: `${summary}, for 5 minutes.`, runbook_url: `https://wiki.example.com/runbooks/${labels.alertname}.md`, summary},
    endsAt: '0001-01-01T00:00:00Z',
    fingerprint: labels.node,
    generatorURL: 'http://prometheus:9090/graph',
    labels,
    startsAt: '2024-01-01T00:00:00Z',
    status: 'firing',
  })
  const notification = (alerts: Array<ReturnType<typeof alert>>, common: {labels: Record<string, string>; annotations: Record<string, string>}) => ({
    alerts,
    commonAnnotations: common.annotations,
    commonLabels: common.labels,
    externalURL: 'http://alertmanager:9093',
    groupLabels: {alertname: common.labels.alertname},
    receiver: 'team-slack',
    status: 'firing',
  })

  it('titles a group with status, count, alert, severity, node and server, linked to the runbook', async () => {
    const labels = {alertname: 'ModelServerDown', node: 'pi-01', server: 'llama', severity: 'critical'}
    const firing = alert(labels, 'llama on pi-01 is down')
    const data = notification([firing], {annotations: firing.annotations, labels})
    expect(await renderTemplate(SLACK_MESSAGE.title, data)).toBe('[FIRING:1] ModelServerDown (critical) on pi-01 / llama')
    expect(await renderTemplate(SLACK_MESSAGE.titleLink, data)).toBe('https://wiki.example.com/runbooks/ModelServerDown.md')
    expect(await renderTemplate(SLACK_MESSAGE.color, data)).toBe('danger')
    expect(await renderTemplate(SLACK_MESSAGE.text, data)).toBe(
      '*llama on pi-01 is down*\nllama on pi-01 is down, for 5 minutes.\nRunbook: https://wiki.example.com/runbooks/ModelServerDown.md',
    )
  })

  it("lists each alert's own summary when the group's summaries differ", async () => {
    const labels = {alertname: 'HighLatency', node: 'gpu-01', severity: 'warning'}
    const a = alert({...labels, server: 'a'}, 'a is slow')
    const b = alert({...labels, server: 'b'}, 'b is slow')
    const data = notification([a, b], {annotations: {runbook_url: a.annotations.runbook_url}, labels})
    const text = await renderTemplate(SLACK_MESSAGE.text, data)
    expect(text).toContain('*a is slow*\na is slow, for 5 minutes.')
    expect(text).toContain('*b is slow*\nb is slow, for 5 minutes.')
    expect(await renderTemplate(SLACK_MESSAGE.color, data)).toBe('warning')
  })
})

describe('alerting.alertmanagerVersion', () => {
  it('gives a newer Alertmanager the webhook by url_file, and routes to it without falling through', async () => {
    const fleet = await fleetFromYaml(ONLY_WEBHOOK.replace(DEBIAN_ALERTMANAGER, '  alertmanagerVersion: "0.27"\n'))
    const {config, content: text, output} = await generateAlertmanager(fleet)
    const notes = output.notes ?? []
    expect(config.receivers).toEqual([{name: 'pager', webhook_configs: [{send_resolved: true, url_file: '/etc/alertmanager/secrets/pager-url'}]}])
    expect(text).toContain('Written for Alertmanager 0.27 or later')
    expect(text).not.toContain('# webhook_configs')
    expect(notes.join('\n')).not.toContain('commented out')
  })

  it('defaults to the current Alertmanager release, where webhooks are config, not comments', async () => {
    const fleet = await fleetFromYaml(ONLY_WEBHOOK.replace(DEBIAN_ALERTMANAGER, ''))
    expect(fleet.alerting?.alertmanagerVersion).toBe(DEFAULTS.alerting.alertmanagerVersion)
    expect(atLeastVersion(DEFAULTS.alerting.alertmanagerVersion, '0.34')).toBe(true)
    const {config, content} = await generateAlertmanager(fleet)
    expect(config.receivers).toEqual([{name: 'pager', webhook_configs: [{send_resolved: true, url_file: '/etc/alertmanager/secrets/pager-url'}]}])
    expect(content).not.toContain('# webhook_configs')
  })

  it('keeps 0.25 output loadable by the amtool 0.25 on this machine, and says how to get the webhook', async () => {
    const {content: text, output} = await generateAlertmanager(await fleetFromYaml(ONLY_WEBHOOK))
    const notes = output.notes ?? []
    expect(text).not.toMatch(/^\s*- url_file:/m)
    expect(notes.join('\n')).toContain('set `alerting.alertmanagerVersion`')
  })
})
