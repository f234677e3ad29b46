import {LOG_STREAM_LABELS, nodeTargetLabels} from '../../catalog/index.js'
import type {FleetNode} from '../../normalize/fleet-model.js'

/**
 * Loki stream labels: the contract's `node`, `server` and `source` (catalog/logs.ts) plus `site`,
 * `hardware`, `runtime` and the retention class Loki's retention_stream selects on. All of them
 * have a handful of values per fleet; request ids, prompts and users stay in the line.
 */
const STREAM_LABELS = [LOG_STREAM_LABELS.node, 'hardware', 'site', LOG_STREAM_LABELS.source, LOG_STREAM_LABELS.server, 'runtime', 'retention'] as const

export const streamLabels = {
  /** The node's target labels, set as fields on each of its records so every sink gets them. */
  nodeFields(node: FleetNode): Record<string, string> {
    return nodeTargetLabels(node)
  },
  /** `label=$field` pairs for the loki output; `site` only where the node has one. */
  lokiLabels(node: FleetNode): string[] {
    return STREAM_LABELS.filter((label) => label !== 'site' || node.labels.site !== undefined).map((label) => `${label}=$${label}`)
  },
  names: STREAM_LABELS,
}
