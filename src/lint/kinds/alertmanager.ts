import {checkSelectorMatchers, type Matcher} from '../promql/matchers.js'
import type {UnitContext} from '../unit.js'
import {entries, get, items, str} from '../yaml-nodes.js'
import {reportInlineSecrets} from './secrets.js'

/** Receiver and global secrets and their `_file` forms (prometheus/alertmanager config/notifiers.go, config.go). */
const ALERTMANAGER_SECRET_KEYS: Readonly<Record<string, string>> = {
  api_key: 'api_key_file',
  api_url: 'api_url_file',
  auth_password: 'auth_password_file',
  bearer_token: 'bearer_token_file',
  bot_token: 'bot_token_file',
  client_secret: 'client_secret_file',
  credentials: 'credentials_file',
  opsgenie_api_key: 'opsgenie_api_key_file',
  password: 'password_file',
  routing_key: 'routing_key_file',
  service_key: 'service_key_file',
  slack_api_url: 'slack_api_url_file',
  smtp_auth_password: 'smtp_auth_password_file',
  token: 'token_file',
  user_key: 'user_key_file',
  victorops_api_key: 'victorops_api_key_file',
  webhook_url: 'webhook_url_file',
}

export function checkAlertmanager(ctx: UnitContext): void {
  const {root} = ctx.unit
  const receivers = new Set(items(get(root, 'receivers')).map((r) => str(get(r, 'name'))).filter((n): n is string => n !== undefined))
  const route = get(root, 'route')
  if (!route) ctx.report('alertmanager/root-route-without-receiver', root, 'no route provided in config')
  else if (!str(get(route, 'receiver'))) ctx.report('alertmanager/root-route-without-receiver', route, 'the root route must name a default receiver')
  const walk = (node: unknown) => {
    const receiver = get(node, 'receiver')
    const name = str(receiver)
    if (name !== undefined && !receivers.has(name)) ctx.report('alertmanager/undefined-receiver', receiver, `receiver "${name}" is not defined in receivers`)
    for (const child of items(get(node, 'routes'))) walk(child)
  }
  if (route) walk(route)
  reportInlineSecrets(ctx, root, ALERTMANAGER_SECRET_KEYS, 'alertmanager/inline-secret')
  for (const rule of items(get(root, 'inhibit_rules'))) checkInhibitRule(ctx, rule)
}

/** `a="b"`, `a=~b`, `a!="b c"` as Alertmanager's matcher strings. */
function parseMatcherString(text: string, offset: number): Matcher | undefined {
  const match = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/.exec(text)
  if (!match) return undefined
  const raw = match[3]!
  const value = raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? (JSON.parse(raw) as string) : raw
  return {label: match[1]!, nameFrom: offset, op: match[2] as Matcher['op'], value, valueFrom: offset}
}

function matchersOf(ctx: UnitContext, rule: unknown, side: 'source' | 'target'): Matcher[] {
  const out: Matcher[] = []
  for (const item of items(get(rule, `${side}_matchers`))) {
    const matcher = parseMatcherString(str(item) ?? '', ctx.offset(item))
    if (matcher) out.push(matcher)
  }
  for (const [field, op] of [[`${side}_match`, '='], [`${side}_match_re`, '=~']] as const) {
    for (const {key, keyNode, value} of entries(get(rule, field))) out.push({label: key, nameFrom: ctx.offset(keyNode), op, value: str(value) ?? '', valueFrom: ctx.offset(value)})
  }
  return out
}

function checkInhibitRule(ctx: UnitContext, rule: unknown): void {
  const source = matchersOf(ctx, rule, 'source')
  const target = matchersOf(ctx, rule, 'target')
  for (const side of [source, target]) {
    checkSelectorMatchers(side, (_check, offset, message) => ctx.reportAt('alertmanager/inhibit-never-matches', offset, message))
  }
  for (const label of items(get(rule, 'equal')).map((e) => str(e))) {
    const s = source.find((m) => m.label === label && m.op === '=')
    const t = target.find((m) => m.label === label && m.op === '=')
    if (s && t && s.value !== t.value) {
      ctx.report('alertmanager/inhibit-never-matches', get(rule, 'equal'), `equal: [${label}] can never hold: the source pins ${label}="${s.value}" and the target ${label}="${t.value}"`)
    }
  }
  const alerts = ctx.facts.alerts
  if (alerts.length === 0) return
  for (const m of [...source, ...target]) {
    if (m.op !== '=') continue
    const produced = m.label === 'alertname' ? alerts.some((a) => a.name === m.value) : m.label === 'severity' ? alerts.some((a) => a.labels.severity === m.value) : true
    if (!produced) ctx.reportAt('alertmanager/inhibit-never-matches', m.nameFrom, `no linted alert has ${m.label}="${m.value}": this inhibit rule never applies`)
  }
}
