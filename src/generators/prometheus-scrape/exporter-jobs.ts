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
    const jobs = fileSdJobs(EXPORTERS[id].job, EXPORTERS[id].metricsPath, candidates)
    return id === 'node-exporter' && fleet.drift.length > 0 ? jobs.map((job) => ({...job, metricRelabel: DRIFT_TEXTFILE_RELABEL})) : jobs
  })
}

/**
 * `inferwatch drift run --textfile-dir` names its drift job `drift_job` (node_exporter's scrape owns
 * `job`); this gives those series `job="<drift job>"`, as the Pushgateway's copy has, so the drift
 * rules and dashboard read them too.
 */
const DRIFT_TEXTFILE_RELABEL: Record<string, unknown>[] = [
  {source_labels: ['__name__', 'drift_job'], regex: 'inferwatch_drift_.+;(.+)', target_label: 'job', replacement: '$1'},
]
