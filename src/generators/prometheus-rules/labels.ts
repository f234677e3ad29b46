import type {RuntimeProfile} from '../../catalog/index.js'
import type {FleetNode, ModelServer} from '../../normalize/fleet-model.js'

/**
 * The label contract the scrape configuration attaches to targets (decided for all generators):
 * rules aggregate by these labels so alerts keep what Alertmanager routes and inhibits on, and the
 * unit tests give synthetic series exactly these labels.
 */
export const NODE_LABELS = ['node', 'hardware', 'site', 'tenant', 'role'] as const

const SERVER_ONLY_LABELS = ['server', 'model', 'stage', 'model_version', 'runtime'] as const

/** Aggregation labels for per-server series; the runtime's own model label (vLLM's model_name) tells models of one server apart. */
export function serverLabels(runtime: RuntimeProfile): string[] {
  return [...new Set([...SERVER_ONLY_LABELS, ...NODE_LABELS, ...(runtime.modelLabel ? [runtime.modelLabel] : [])])]
}

export function nodeTargetLabels(node: FleetNode): Record<string, string> {
  return {hardware: node.hardware.id, node: node.name, ...node.labels}
}

/** Model labels only when the server serves exactly one model (the contract's rule). */
export function serverTargetLabels(node: FleetNode, server: ModelServer): Record<string, string> {
  const labels: Record<string, string> = {...nodeTargetLabels(node), runtime: server.runtime.id, server: server.name}
  const [only, ...others] = server.models
  if (only && others.length === 0) {
    labels.model = only.name
    labels.stage = only.stage
    if (only.version !== undefined) labels.model_version = only.version
  }
  return labels
}

/** Job names of the contract that have no exporter profile. */
export const CONTRACT_JOBS = {fluentBit: 'fluent-bit', probeHealth: 'probe-health', probeTls: 'probe-tls', prometheus: 'prometheus', pushgateway: 'pushgateway'} as const

export const modelServerJob = (runtime: RuntimeProfile): string => `model-${runtime.id}`
