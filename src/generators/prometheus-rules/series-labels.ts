import {EXPORTERS, MONITORING_SERVICES, metricFact, modelServerJob, NODE_EXPORTER_IDS, RUNTIME_IDS, SERVICE_JOBS, type NodeExporterId} from '../../catalog/index.js'
import type {Fleet} from '../../normalize/fleet-model.js'
import type {Subject} from './entities.js'
import type {Labels} from './expected-labels.js'
import {matches, mustParsePromql, selectorInfo, type LabelMatcher} from './promql.js'

/*
 * Which labels a scraped or pushed series of a subject carries, per the label contract: what the
 * promtool tests synthesize, and what an absent() selector must name so that the alert it raises
 * keeps the entity's identity.
 */

/** No series with these labels can exist (a selector its subject cannot satisfy). */
export class SynthesisError extends Error {}

export function selectorOf(selector: string): {name: string; matchers: LabelMatcher[]} {
  const parsed = mustParsePromql(selector)
  if (parsed.root.name !== 'VectorSelector') throw new SynthesisError(`not a series selector: ${selector}`)
  return selectorInfo(parsed, parsed.root)
}

/**
 * The labels a real target gives a series of `selector` for this subject: the subject's target
 * labels (the label contract), job, instance, `extra`, and whatever the selector demands.
 */
export function seriesLabels(selector: string, subject: Subject, fleet: Fleet, extra: Labels = {}): Labels {
  const {name, matchers} = selectorOf(selector)
  const job = matchers.find((m) => m.label === 'job' && m.op === '=')?.value ?? subject.job ?? jobOf(name, subject)
  const labels: Labels = {...subject.labels, ...(job ? {job} : {})}
  const instance = job ? instanceOf(job, subject, fleet) : undefined
  if (instance) labels.instance = instance
  Object.assign(labels, extra)
  for (const matcher of matchers) {
    if (matcher.op === '=') labels[matcher.label] = matcher.value
    if (matcher.op === '=~' && !matches(labels, matcher)) labels[matcher.label] = regexExample(matcher)
  }
  const unmet = matchers.find((m) => !matches(labels, m))
  if (unmet) throw new SynthesisError(`cannot give ${selector} labels that satisfy ${unmet.label}${unmet.op}"${unmet.value}"`)
  return {...labels, __name__: name}
}

function regexExample(matcher: LabelMatcher): string {
  const pattern = matcher.value
  const candidates = [pattern.replace(/\.[*+]/g, ''), ...pattern.split('|'), pattern.replace(/\.[*+]/g, 'x'), 'x']
  const found = candidates.find((c) => new RegExp(`^(?:${pattern})$`).test(c))
  if (found === undefined) throw new SynthesisError(`cannot find a value matching ${matcher.label}=~"${pattern}"`)
  return found
}

function jobOf(metric: string, subject: Subject): string | undefined {
  const source = metricFact(metric)?.source
  if (source === undefined) return undefined
  if ((NODE_EXPORTER_IDS as readonly string[]).includes(source)) return EXPORTERS[source as NodeExporterId].job
  if ((RUNTIME_IDS as readonly string[]).includes(source) && subject.server) return modelServerJob(subject.server.runtime.id)
  if (source === 'inferwatch') return EXPORTERS['node-exporter'].job
  if (source === 'fluent-bit') return SERVICE_JOBS.fluentBit
  return undefined
}

function instanceOf(job: string, subject: Subject, fleet: Fleet): string | undefined {
  const {node, server} = subject
  if (server && job === SERVICE_JOBS.healthProbe) return `${server.scheme}://${server.address}:${server.port}${server.healthPath}`
  if (server && job === SERVICE_JOBS.tlsProbe) return `${server.address}:${server.port}`
  if (server?.metrics && job === modelServerJob(server.runtime.id)) return `${server.address}:${server.metrics.port}`
  if (!node) return server ? fleet.prometheus.pushgatewayAddress : undefined
  if (job === SERVICE_JOBS.fluentBit) return `${node.address}:${MONITORING_SERVICES.fluentBit.defaultPort}`
  const exporter = node.exporters.find((e) => EXPORTERS[e.id].job === job)
  return exporter ? `${node.address}:${exporter.port}` : node.address
}
