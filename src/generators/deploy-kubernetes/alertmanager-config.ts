import {parse} from 'yaml'

import type {Fleet} from '../../normalize/fleet-model.js'
import {ALERTMANAGER_CONFIG_PATH} from '../alertmanager/index.js'
import type {OutputFile} from '../types.js'
import {MONITORING_V1ALPHA1, objectName, secretRef, withoutUndefined, type KubernetesObject} from './objects.js'

interface Route {
  receiver?: string
  group_by?: string[]
  group_wait?: string
  group_interval?: string
  repeat_interval?: string
  matchers?: string[]
  continue?: boolean
  routes?: Route[]
}
type Integration = Record<string, string | boolean>
interface Receiver {
  name: string
  email_configs?: Integration[]
  slack_configs?: Integration[]
  webhook_configs?: Integration[]
}
interface AlertmanagerYaml {
  route: Route
  receivers: Receiver[]
  inhibit_rules?: {source_matchers: string[]; target_matchers: string[]; equal?: string[]}[]
}

/**
 * The generated alertmanager.yml as one AlertmanagerConfig (monitoring.coreos.com/v1alpha1): the
 * same route tree, receivers and inhibitions, secrets from the fleet's Secret. Webhooks always
 * use urlSecret, which the operator supports whatever the Alertmanager version.
 */
export function alertmanagerConfig(fleet: Fleet, files: readonly OutputFile[]): KubernetesObject[] {
  const file = files.find((f) => f.path === ALERTMANAGER_CONFIG_PATH)
  if (!file) return []
  const config = parse(file.content) as AlertmanagerYaml
  return [
    {
      apiVersion: MONITORING_V1ALPHA1,
      kind: 'AlertmanagerConfig',
      metadata: {name: objectName('inferwatch', fleet.name)},
      spec: withoutUndefined({
        route: route(config.route),
        receivers: config.receivers.map((r) => receiver(fleet, r)),
        inhibitRules: config.inhibit_rules?.map((rule) =>
          withoutUndefined({sourceMatch: rule.source_matchers.map(matcher), targetMatch: rule.target_matchers.map(matcher), equal: rule.equal}),
        ),
      }),
    },
  ]
}

function route(r: Route): Record<string, unknown> {
  return withoutUndefined({
    receiver: r.receiver,
    groupBy: r.group_by,
    groupWait: r.group_wait,
    groupInterval: r.group_interval,
    repeatInterval: r.repeat_interval,
    matchers: r.matchers?.map(matcher),
    continue: r.continue,
    routes: r.routes?.map(route),
  })
}

/** `severity="critical"` → {name: severity, value: critical, matchType: "="}. */
export function matcher(text: string): {name: string; value: string; matchType: string} {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(=~|!~|!=|=)(.*)$/.exec(text.trim())
  if (!match) throw new Error(`not an Alertmanager matcher: ${text}`)
  const raw = match[3]!
  return {name: match[1]!, value: raw.startsWith('"') ? (JSON.parse(raw) as string) : raw, matchType: match[2]!}
}

function receiver(fleet: Fleet, r: Receiver): Record<string, unknown> {
  const declared = fleet.alerting?.receivers.find((f) => f.name === r.name)
  const secret = (path: unknown) => (typeof path === 'string' ? secretRef(fleet, path) : undefined)
  return withoutUndefined({
    name: r.name,
    emailConfigs: r.email_configs?.map((c) =>
      withoutUndefined({to: c.to, from: c.from, smarthost: c.smarthost, authUsername: c.auth_username, authPassword: secret(c.auth_password_file), sendResolved: c.send_resolved}),
    ),
    slackConfigs: r.slack_configs?.map((c) =>
      withoutUndefined({apiURL: secret(c.api_url_file), channel: c.channel, title: c.title, titleLink: c.title_link, text: c.text, color: c.color, sendResolved: c.send_resolved}),
    ),
    webhookConfigs: declared?.webhook ? [{sendResolved: true, urlSecret: secretRef(fleet, declared.webhook.urlFile)}] : undefined,
  })
}
