import {ACCELERATORS, DEFAULT_TEXTFILE_DIRECTORY, EXPORTERS, HARDWARE, NODE_EXPORTER_IDS, type NodeExporterId} from '../catalog/index.js'
import type {NodeSpec} from '../schema/fleet.js'

export interface ResolvedExporter {
  id: NodeExporterId
  port: number
  scheme: 'http' | 'https'
  metricsPath: string
}

/** Which exporters a node runs: its hardware's and accelerators' defaults, then the fleet's switches. */
export function resolveNodeExporters(node: NodeSpec): ResolvedExporter[] {
  const wanted = new Set<NodeExporterId>(HARDWARE[node.hardware].exporters)
  for (const accelerator of acceleratorIds(node)) {
    const exporter = ACCELERATORS[accelerator].exporter
    if (exporter?.byDefault) wanted.add(exporter.id)
  }
  const declared = node.exporters ?? {}
  return NODE_EXPORTER_IDS.filter((id) => {
    const spec = declared[id]
    return spec ? spec.enabled !== false : wanted.has(id)
  }).map((id) => {
    const spec = declared[id] ?? {}
    return {
      id,
      metricsPath: spec.metricsPath ?? EXPORTERS[id].metricsPath,
      port: spec.port ?? EXPORTERS[id].defaultPort,
      scheme: spec.scheme ?? 'http',
    }
  })
}

export function acceleratorIds(node: NodeSpec) {
  return [...new Set([...HARDWARE[node.hardware].accelerators, ...(node.accelerators ?? [])])].sort()
}

/** The textfile collector directory, when the node publishes textfile metrics. */
export function resolveTextfileDirectory(node: NodeSpec, neededByFleet: boolean): string | null {
  const spec = node.exporters?.textfile
  if (spec?.enabled === false) return null
  const wanted = spec !== undefined || neededByFleet || HARDWARE[node.hardware].textfileThrottling
  return wanted ? (spec?.directory ?? DEFAULT_TEXTFILE_DIRECTORY) : null
}
