import type {Fleet} from '../../normalize/fleet-model.js'
import type {OutputFile} from '../types.js'
import {BLACKBOX_MODULES, type BlackboxModuleName} from './blackbox-modules.js'
import {BLACKBOX_CONFIG} from './output-paths.js'
import type {ScrapeJob} from './scrape-job.js'
import {tlsConfig} from './tls-config.js'
import {generatedHeader, renderYaml} from './yaml-document.js'

/**
 * blackbox_exporter's config with exactly the modules the probe jobs use. No module timeout: the
 * exporter then derives it from Prometheus's scrape timeout.
 */
export function blackboxConfigFiles(fleet: Fleet, jobs: readonly ScrapeJob[]): OutputFile[] {
  const used = new Set(jobs.flatMap((job) => (job.probeModule ? [job.probeModule] : [])))
  if (used.size === 0) return []
  const probesHttps = used.has(BLACKBOX_MODULES.tls)
  // Client certificates only matter when some probed endpoint speaks https.
  const tls = fleet.tls && probesHttps ? {tls_config: tlsConfig(fleet.tls)} : {}
  const definitions: Record<BlackboxModuleName, Record<string, unknown>> = {
    [BLACKBOX_MODULES.health]: {prober: 'http', http: {preferred_ip_protocol: 'ip4', ...tls}},
    [BLACKBOX_MODULES.tls]: {prober: 'tcp', tcp: {preferred_ip_protocol: 'ip4', tls: true, ...tls}},
  }
  const modules = Object.fromEntries(Object.values(BLACKBOX_MODULES).filter((name) => used.has(name)).map((name) => [name, definitions[name]]))
  const header = [`blackbox_exporter modules for fleet "${fleet.name}".`, generatedHeader(fleet.sourceFile)]
  return [{content: renderYaml({modules}, header), path: BLACKBOX_CONFIG}]
}
