import {EXPORTERS, NODE_EXPORTER_IDS} from '../../catalog/index.js'
import type {Fleet} from '../../normalize/fleet-model.js'
import type {ScrapeJob, TargetCandidate} from './scrape-job.js'
import {fileSdJobs} from './file-sd-jobs.js'
import {nodeTargetLabels} from '../../catalog/index.js'

/** One job per exporter kind (node, cadvisor, dcgm, macmon, hailo), over the nodes that run it. */
export function exporterJobs(fleet: Fleet): ScrapeJob[] {
  return NODE_EXPORTER_IDS.flatMap((id) => {
    const candidates: TargetCandidate[] = fleet.nodes.flatMap((node) =>
      node.exporters
        .filter((exporter) => exporter.id === id)
        .map((exporter) => ({
          address: `${node.address}:${exporter.port}`,
          labels: nodeTargetLabels(node),
          metricsPath: exporter.metricsPath,
          scheme: exporter.scheme,
        })),
    )
    return fileSdJobs(EXPORTERS[id].job, EXPORTERS[id].metricsPath, candidates)
  })
}
