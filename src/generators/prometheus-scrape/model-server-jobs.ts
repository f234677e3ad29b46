import {modelServerJob, RUNTIME_IDS, RUNTIMES} from '../../catalog/index.js'
import type {Fleet, FleetNode, ModelServer} from '../../normalize/fleet-model.js'
import type {ScrapeJob, TargetCandidate} from './scrape-job.js'
import {fileSdJobs} from './file-sd-jobs.js'
import {serverTargetLabels} from '../../catalog/index.js'

/** Native metrics of every server whose runtime has them; Ollama has none and is only probed. */
export function modelServerJobs(fleet: Fleet): ScrapeJob[] {
  return RUNTIME_IDS.flatMap((id) => {
    const runtimeMetrics = RUNTIMES[id].metrics
    if (!runtimeMetrics) return []
    const candidates = serversWithNodes(fleet)
      .filter(({server}) => server.runtime.id === id)
      .flatMap(({node, server}) => metricsCandidate(node, server))
    return fileSdJobs(modelServerJob(id), runtimeMetrics.path, candidates)
  })
}

function metricsCandidate(node: FleetNode, server: ModelServer): TargetCandidate[] {
  if (!server.metrics) return []
  return [{address: `${server.address}:${server.metrics.port}`, labels: serverTargetLabels(node, server), metricsPath: server.metrics.path, scheme: server.scheme}]
}

export function serversWithNodes(fleet: Fleet): {node: FleetNode; server: ModelServer}[] {
  return fleet.nodes.flatMap((node) => node.servers.map((server) => ({node, server})))
}
