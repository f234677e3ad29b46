import {driftPushLabels, sortLabels} from '../../catalog/index.js'
import type {DriftJobConfig, DriftSource} from '../../drift/jobs-file.js'
import type {DriftJob, Fleet, FleetNode, ModelServer} from '../../normalize/fleet-model.js'
import {parseDuration} from '../../schema/primitives.js'

export interface ResolvedDriftJob {
  job: DriftJob
  server: ModelServer
  /** The node that runs the job: its server's, where a samples file lives and the bundle goes. */
  node: FleetNode
  config: DriftJobConfig
}

/** The model a job is about: the one it names, or its server's only model. */
const modelOf = (job: DriftJob, server: ModelServer) => job.model ?? (server.models.length === 1 ? server.models[0]!.name : undefined)

/**
 * Where the job's distribution comes from: its samples file when it has one, else its runtime's
 * output-length histogram from the catalog, selected by the server's target label (and the runtime's
 * own model label when the server serves several models).
 */
function sourceOf(job: DriftJob, server: ModelServer, model: string | undefined): DriftSource | undefined {
  if (job.samples) {
    return {buckets: job.buckets, field: job.samples.field, file: job.samples.file, kind: 'samples', ...(job.samples.timeField ? {timeField: job.samples.timeField} : {})}
  }
  const signal = server.runtime.signals.outputLength
  if (signal.kind !== 'histogram') return undefined
  const matchers: Record<string, string> = {server: server.name}
  if (model !== undefined && server.models.length > 1 && server.runtime.modelLabel) matchers[server.runtime.modelLabel] = model
  return {...(signal.matchers ? {extraMatchers: signal.matchers} : {}), kind: 'prometheus-histogram', matchers, metric: signal.metric, url: job.prometheusUrl}
}

/** Each drift job as `drift run` reads it; jobs without a source are left out (validate reports them). */
export function resolveDriftJobs(fleet: Fleet): ResolvedDriftJob[] {
  return fleet.drift.flatMap((job) => {
    const server = fleet.servers.find((s) => s.name === job.server)!
    const node = fleet.nodes.find((n) => n.name === server.node)!
    const model = modelOf(job, server)
    const source = sourceOf(job, server, model)
    if (!source) return []
    const modelVersion = server.models.find((m) => m.name === model)?.version
    const config: DriftJobConfig = {
      name: job.name,
      server: server.name,
      ...(model === undefined ? {} : {model}),
      ...(modelVersion === undefined ? {} : {modelVersion}),
      labels: sortLabels(driftPushLabels(node, server, model)),
      source,
      window: job.window,
      baseline: parseDuration(job.baseline) === undefined ? {file: job.baseline, kind: 'snapshot'} : {duration: job.baseline, kind: 'window'},
      minSamples: job.minSamples,
      threshold: job.threshold,
    }
    return [{config, job, node, server}]
  })
}
