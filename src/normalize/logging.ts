import {LOG_SINK_PORTS} from '../catalog/index.js'
import type {FleetSpec} from '../schema/fleet.js'
import {DEFAULTS} from './defaults.js'
import type {Logging} from './fleet-model.js'

type LoggingSpec = NonNullable<FleetSpec['logging']>

/** The journal (the servers' systemd units) and the servers' log files carry their request lines; container logs are not attributed to a server. */
export function shipsServerLogs(spec: LoggingSpec | undefined): boolean {
  if (!spec) return false
  const sources = spec.sources ?? DEFAULTS.logging.sources
  return sources.includes('journald') || sources.includes('model-servers')
}

export function resolveLogging(spec: LoggingSpec): Logging {
  const d = DEFAULTS.logging
  const sorted = <T>(record: Record<string, T>) => Object.keys(record).sort().map((name) => [name, record[name]!] as const)
  return {
    buffers: {...d.buffers},
    drop: spec.drop ?? [],
    format: spec.format ?? d.format,
    httpPort: spec.httpPort ?? d.httpPort,
    logFiles: Object.fromEntries(sorted(spec.logFiles ?? {})),
    metricsPort: spec.metricsPort ?? d.metricsPort,
    promptFields: [...(spec.promptFields ?? d.promptFields)].sort(),
    prompts: spec.prompts ?? d.prompts,
    redact: spec.redact ?? [],
    retention: Object.fromEntries(sorted(spec.retention ?? {...d.retention})),
    retentionMatch: sorted(spec.retentionMatch ?? {}).map(([name, match]) => ({name, servers: [...(match.servers ?? [])].sort(), sources: [...(match.sources ?? [])].sort()})),
    shipsServerLogs: shipsServerLogs(spec),
    sink: {...spec.sink, index: spec.sink.index ?? d.index, port: spec.sink.port ?? LOG_SINK_PORTS[spec.sink.type]},
    sources: [...(spec.sources ?? d.sources)],
    stateDirectory: (spec.stateDirectory ?? d.stateDirectory).replace(/\/+$/, ''),
  }
}
