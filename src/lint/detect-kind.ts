import type {Node} from 'yaml'

import type {Kind} from './unit.js'
import {asMap, asSeq, entries, get, items, keys, str} from './yaml-nodes.js'

/**
 * The kind of a config, told from its content (never from its file name, which people choose
 * freely): each kind has keys nothing else has at its top level.
 */
export function detectKind(root: Node | undefined | null): {kind: Kind; root: Node | undefined} | undefined {
  if (asSeq(root)) {
    const first = items(root)[0]
    return items(root).length > 0 && asMap(first) && get(first, 'targets') ? {kind: 'file-sd', root: root!} : undefined
  }
  if (!asMap(root)) return undefined
  const top = new Set(keys(root))
  const apiVersion = str(get(root, 'apiVersion')) ?? ''
  const kind = str(get(root, 'kind')) ?? ''
  if (kind === 'PrometheusRule') return {kind: 'prometheus-rules', root: get(root, 'spec') ?? undefined}
  if (apiVersion.startsWith('dashboard.grafana.app/') && kind === 'Dashboard') return {kind: 'grafana-dashboard', root: root!}
  if (apiVersion.startsWith('inferwatch/')) return {kind: 'fleet', root: root!}
  if (top.has('panels') || (top.has('schemaVersion') && (top.has('templating') || top.has('title'))) || (top.has('dashboard') && asMap(get(root, 'dashboard')))) {
    return {kind: 'grafana-dashboard', root: root!}
  }
  if (top.has('elements') && top.has('layout')) return {kind: 'grafana-dashboard', root: root!}
  if (top.has('rule_files') && top.has('tests')) return {kind: 'promtool-tests', root: root!}
  if (top.has('groups')) {
    const grafana = items(get(root, 'groups')).some((g) => get(g, 'orgId') !== undefined || get(g, 'folder') !== undefined || items(get(g, 'rules')).some((r) => get(r, 'data') !== undefined || get(r, 'condition') !== undefined))
    return {kind: grafana ? 'grafana-alerts' : 'prometheus-rules', root: root!}
  }
  if (['contactPoints', 'policies', 'templates', 'muteTimes', 'deleteRules', 'datasources', 'providers', 'deleteDatasources', 'apps', 'notifiers'].some((k) => top.has(k)) && (apiVersion === '1' || top.has('apiVersion'))) {
    return {kind: 'grafana-provisioning', root: root!}
  }
  if (top.has('route') || top.has('receivers') || top.has('inhibit_rules')) return {kind: 'alertmanager', root: root!}
  if (['scrape_configs', 'rule_files', 'alerting', 'remote_write', 'remote_read', 'scrape_config_files', 'storage', 'tracing'].some((k) => top.has(k)) || (top.has('global') && asMap(get(root, 'global')) && get(get(root, 'global'), 'scrape_interval') !== undefined)) {
    return {kind: 'prometheus-config', root: root!}
  }
  if (top.has('modules') && asMap(get(root, 'modules'))) return {kind: 'blackbox', root: root!}
  // Loki's own config (or a part of it, such as the retention settings inferwatch writes for the sink).
  if (['limits_config', 'schema_config', 'compactor', 'ingester', 'storage_config'].some((k) => top.has(k))) return {kind: 'loki', root: root!}
  // Elasticsearch ILM ({policy: {phases}}) and index templates, OpenSearch ISM ({policy: {states}}).
  const policy = get(root, 'policy')
  if ((asMap(policy) && (get(policy, 'phases') !== undefined || get(policy, 'states') !== undefined)) || (top.has('index_patterns') && top.has('template'))) {
    return {kind: 'index-policy', root: root!}
  }
  if (top.has('pipeline') || (top.has('service') && (top.has('parsers') || top.has('includes') || top.has('env') || top.has('multiline_parsers') || top.has('customs')))) {
    return {kind: 'fluent-bit', root: root!}
  }
  if (top.has('parsers') && items(get(root, 'parsers')).some((p) => get(p, 'format') !== undefined)) return {kind: 'fluent-bit', root: root!}
  // inferwatch's drift/jobs.yaml, which `inferwatch drift run` checks itself when it reads it.
  if (top.has('fleet') && asSeq(get(root, 'jobs'))) return {kind: 'drift-jobs', root: root!}
  // A Compose file: services, each with an image or a build.
  const services = get(root, 'services')
  if (asMap(services) && entries(services).some((s) => get(s.value, 'image') !== undefined || get(s.value, 'build') !== undefined)) return {kind: 'compose', root: root!}
  // Any other Kubernetes object (ScrapeConfig, AlertmanagerConfig, CronJob, Kustomization, …).
  if (apiVersion !== '' && kind !== '') return {kind: 'kubernetes-object', root: root!}
  return undefined
}

/** A systemd unit or drop-in: sections systemd knows, holding Key=value lines. */
export function looksLikeSystemdUnit(text: string): boolean {
  return /^\[(Unit|Service|Timer|Install|Socket|Path|Mount)\]\s*$/m.test(text) && /^[A-Z][A-Za-z]+=/m.test(text)
}

/** Fluent Bit's classic format: `[SECTION]` headers with indented `key value` lines. */
export function looksLikeFluentBitClassic(text: string): boolean {
  return /^\s*\[(SERVICE|INPUT|FILTER|OUTPUT|PARSER|MULTILINE_PARSER|CUSTOM|PLUGINS|UPSTREAM|NODE)\]\s*$/im.test(text)
}
