import type {FleetNode, ModelServer} from '../../normalize/fleet-model.js'

/** `node` and `hardware` on every target, plus the node's site/tenant/role when it has them. */
export function nodeTargetLabels(node: FleetNode): Record<string, string> {
  return {hardware: node.hardware.id, node: node.name, ...node.labels}
}

/**
 * Node labels plus `server` and `runtime`. Model labels only when the server serves exactly one
 * model: with several, the runtime's own model label tells the series apart.
 */
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

/** The same labels with keys sorted, so JSON output is byte-stable. */
export function sortLabels(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}
