import {MONITORING_SERVICES, SERVICE_JOBS} from '../../catalog/index.js'
import type {Fleet, ModelServer} from '../../normalize/fleet-model.js'
import {BLACKBOX_MODULES, type BlackboxModuleName} from './blackbox-modules.js'
import {serversWithNodes} from './model-server-jobs.js'
import type {ScrapeJob, TargetGroup} from './scrape-job.js'
import {compareGroups} from './file-sd-jobs.js'
import {serverTargetLabels, sortLabels} from '../../catalog/index.js'

/**
 * Blackbox probes: the health endpoint of every server (the only signal for Ollama, and the latency
 * source for runtimes without a histogram), and a TLS handshake with every https server for
 * certificate expiry. Targets are what to probe; relabeling sends the scrape to blackbox_exporter.
 */
export function probeJobs(fleet: Fleet): ScrapeJob[] {
  const servers = serversWithNodes(fleet)
  const health = servers.map(({node, server}) => group(healthUrl(server), serverTargetLabels(node, server)))
  const tls = servers
    .filter(({server}) => server.scheme === 'https')
    .map(({node, server}) => group(`${server.address}:${server.port}`, serverTargetLabels(node, server)))
  return [probeJob(SERVICE_JOBS.healthProbe, BLACKBOX_MODULES.health, health), probeJob(SERVICE_JOBS.tlsProbe, BLACKBOX_MODULES.tls, tls)].filter(
    (job): job is ScrapeJob => job !== undefined,
  )
}

export function healthUrl(server: ModelServer): string {
  return `${server.scheme}://${server.address}:${server.port}${server.healthPath}`
}

function group(target: string, labels: Record<string, string>): TargetGroup {
  return {labels: sortLabels(labels), targets: [target]}
}

function probeJob(name: string, module: BlackboxModuleName, groups: TargetGroup[]): ScrapeJob | undefined {
  if (groups.length === 0) return undefined
  return {
    metricsPath: MONITORING_SERVICES.blackbox.metricsPath,
    name,
    probeModule: module,
    scheme: 'http',
    sharded: true,
    targets: {groups: [...groups].sort(compareGroups), kind: 'file-sd'},
    // Exporter is dialled over http; https to the probed server is the module's business.
    usesHttps: false,
  }
}
