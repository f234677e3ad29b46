import type {LintFacts} from '../context.js'
import {durationMs, formatDuration} from '../promql/syntax-tree.js'
import type {LintUnit, UnitContext} from '../unit.js'
import {entries, get, items, str} from '../yaml-nodes.js'
import {reportInlineSecrets, reportInsecureTls} from './secrets.js'

const DEFAULT_INTERVAL_MS = 60_000
const DEFAULT_TIMEOUT_MS = 10_000

/** Prometheus' HTTP client secrets and the `_file` form to use instead (prometheus/common config/http_config.go). */
export const PROMETHEUS_SECRET_KEYS: Readonly<Record<string, string>> = {
  bearer_token: 'bearer_token_file',
  client_secret: 'client_secret_file',
  credentials: 'credentials_file',
  password: 'password_file',
  secret_key: 'a credentials file or role',
}

export function collectPrometheusConfigFacts(unit: LintUnit, facts: LintFacts): void {
  const global = get(unit.root, 'global')
  const globalInterval = durationMs(str(get(global, 'scrape_interval')) ?? '') ?? DEFAULT_INTERVAL_MS
  facts.scrapeIntervalMs = globalInterval
  for (const job of items(get(unit.root, 'scrape_configs'))) {
    const name = str(get(job, 'job_name'))
    const interval = durationMs(str(get(job, 'scrape_interval')) ?? '') ?? globalInterval
    if (name) facts.jobScrapeIntervalMs.set(name, interval)
    for (const relabel of items(get(job, 'relabel_configs'))) {
      const target = str(get(relabel, 'target_label'))
      if (target && !target.startsWith('__')) facts.targetLabels.add(target)
      if (str(get(relabel, 'action')) === 'labelmap') facts.targetLabels.add('*')
    }
    for (const group of items(get(job, 'static_configs'))) {
      const labels = Object.fromEntries(entries(get(group, 'labels')).map((e) => [e.key, str(e.value) ?? '']))
      for (const label of Object.keys(labels)) facts.targetLabels.add(label)
      for (const target of items(get(group, 'targets'))) {
        const address = str(target)
        if (address) facts.targets.push({address, labels: {...labels, job: name ?? ''}})
      }
    }
  }
}

export function checkPrometheusConfig(ctx: UnitContext): void {
  const {root} = ctx.unit
  const global = get(root, 'global')
  const globalInterval = durationMs(str(get(global, 'scrape_interval')) ?? '') ?? DEFAULT_INTERVAL_MS
  const globalTimeout = durationMs(str(get(global, 'scrape_timeout')) ?? '') ?? DEFAULT_TIMEOUT_MS
  if (globalTimeout > globalInterval) {
    ctx.report('prometheus/scrape-timeout', get(global, 'scrape_timeout') ?? global, `global scrape_timeout ${formatDuration(globalTimeout)} is longer than scrape_interval ${formatDuration(globalInterval)}`)
  }
  const jobs = new Map<string, unknown>()
  const targets = new Map<string, string>()
  for (const job of items(get(root, 'scrape_configs'))) {
    const nameNode = get(job, 'job_name')
    const name = str(nameNode)
    if (name !== undefined) {
      if (jobs.has(name)) ctx.report('prometheus/duplicate-job', nameNode, `job_name "${name}" is used by another scrape config too`)
      jobs.set(name, job)
    }
    const interval = durationMs(str(get(job, 'scrape_interval')) ?? '') ?? globalInterval
    const timeoutNode = get(job, 'scrape_timeout')
    const timeout = durationMs(str(timeoutNode) ?? '')
    if (timeout !== undefined && timeout > interval) {
      ctx.report('prometheus/scrape-timeout', timeoutNode, `scrape_timeout ${formatDuration(timeout)} of job ${name ?? '?'} is longer than its scrape_interval ${formatDuration(interval)}`)
    }
    const path = str(get(job, 'metrics_path')) ?? '/metrics'
    const params = JSON.stringify(get(job, 'params')?.toJSON() ?? null)
    for (const group of items(get(job, 'static_configs'))) {
      for (const target of items(get(group, 'targets'))) {
        const address = str(target)
        if (!address) continue
        const key = `${address}${path}${params}`
        const other = targets.get(key)
        if (other !== undefined) ctx.report('prometheus/duplicate-target', target, `${address}${path} is scraped by job ${other} already${other === name ? ' (listed twice)' : ''}`)
        else targets.set(key, name ?? '?')
      }
    }
  }
  reportInsecureTls(ctx, root)
  reportInlineSecrets(ctx, root, PROMETHEUS_SECRET_KEYS, 'prometheus/inline-secret')
}
