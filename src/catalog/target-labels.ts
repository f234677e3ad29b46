import type {HardwareId} from './hardware.js'
import {RUNTIMES, type RuntimeId, type RuntimeProfile} from './runtimes.js'

/**
 * What the label contract needs to know of a node and a server. Structural, so the catalog (the
 * floor of the layers) does not import the resolved Fleet model that is built on top of it.
 */
export interface LabelledNode {
  name: string
  hardware: {id: HardwareId}
  labels: {site?: string; tenant?: string; role?: string}
}

export interface LabelledServer {
  name: string
  runtime: {id: RuntimeId}
  models: readonly {name: string; stage: string; version: string | undefined}[]
}

/**
 * The label contract: the labels every scraped series carries, attached by the scrape configuration
 * and relied on by rules (aggregation, Alertmanager routing and inhibition), dashboards and the
 * synthetic series of the promtool tests. One definition, so they cannot drift apart.
 */
export const NODE_LABELS = ['node', 'hardware', 'site', 'tenant', 'role'] as const

const SERVER_ONLY_LABELS = ['server', 'model', 'stage', 'model_version', 'runtime'] as const

/** Aggregation labels for per-server series; the runtime's own model label (vLLM's model_name) tells models of one server apart. */
export function serverLabels(runtime: RuntimeProfile): string[] {
  return [...new Set([...SERVER_ONLY_LABELS, ...NODE_LABELS, ...(runtime.modelLabel ? [runtime.modelLabel] : [])])]
}

/** `node` and `hardware` on every target, plus the node's site/tenant/role when it has them. */
export function nodeTargetLabels(node: LabelledNode): Record<string, string> {
  return {hardware: node.hardware.id, node: node.name, ...node.labels}
}

/**
 * Node labels plus `server` and `runtime`. Model labels only when the server serves exactly one
 * model: with several, the runtime's own model label tells the series apart. Never a label the
 * runtime attaches itself (its `ownLabels`): the target label would overwrite it, and Prometheus
 * would rename the runtime's to exported_<name> (Triton's own `model`).
 */
export function serverTargetLabels(node: LabelledNode, server: LabelledServer): Readonly<Record<string, string>> {
  const cached = serverLabelCache.get(server)
  if (cached?.node === node) return cached.labels
  const labels = Object.freeze(buildServerTargetLabels(node, server))
  serverLabelCache.set(server, {labels, node})
  return labels
}

/** By server: scrape jobs, probes, rules and Fluent Bit all ask for every server's labels, several times. */
const serverLabelCache = new WeakMap<LabelledServer, {node: LabelledNode; labels: Readonly<Record<string, string>>}>()

function buildServerTargetLabels(node: LabelledNode, server: LabelledServer): Record<string, string> {
  const labels: Record<string, string> = {...nodeTargetLabels(node), runtime: server.runtime.id, server: server.name}
  const only = server.models.length === 1 ? server.models[0]! : undefined
  if (only) {
    labels.model = only.name
    labels.stage = only.stage
    if (only.version !== undefined) labels.model_version = only.version
  }
  const own = RUNTIMES[server.runtime.id].ownLabels
  // Built anew rather than deleted from, and only when a key must go: an object that loses a key is
  // slow for whatever reads it next.
  return own.some((key) => key in labels) ? Object.fromEntries(Object.entries(labels).filter(([key]) => !own.includes(key))) : labels
}

/**
 * What a drift job pushes to the Pushgateway as its grouping labels (scraped with honor_labels):
 * the server's node labels, so routing (site, tenant) and node inhibitions see drift alerts like any
 * other, plus the server and, when known, the model.
 */
export function driftPushLabels(node: LabelledNode, server: LabelledServer, model: string | undefined): Record<string, string> {
  return {...nodeTargetLabels(node), server: server.name, ...(model === undefined ? {} : {model})}
}

/** The same labels with keys sorted, so JSON output is byte-stable. */
export function sortLabels(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}
