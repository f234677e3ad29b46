import {readFile} from 'node:fs/promises'

import {z} from 'zod'

import {InputError, type Diagnostic} from '../diagnostics/diagnostic.js'
import {diagnosticAt, parseYaml} from '../load/yaml-source.js'
import {duration, filePath, httpUrl, safeName} from '../schema/primitives.js'

/** Where the generated units install the jobs file on a node (see the drift generator), and where `drift run` looks for it. */
export const DEFAULT_JOBS_FILE = '/etc/inferwatch/drift/jobs.yaml'

/**
 * `drift/jobs.yaml`: what `inferwatch drift run` needs to know of each drift job, resolved from the
 * fleet by the drift generator so the node that runs a job needs no fleet file. Written by the
 * generator, read (and checked, with positions) by the command.
 */
const prometheusHistogram = z.strictObject({
  kind: z.literal('prometheus-histogram'),
  /** Base URL of the Prometheus HTTP API, e.g. http://prometheus:9090. */
  url: httpUrl,
  /** The histogram's name, without `_bucket`. */
  metric: z.string().min(1),
  /** Equality matchers that select the job's server (and model) among the histogram's series. */
  matchers: z.record(z.string(), z.string()),
  /** Further PromQL matchers the catalog gives the histogram (e.g. `job="…"`), added as they are. */
  extraMatchers: z.string().min(1).optional(),
})

const samplesFile = z.strictObject({
  kind: z.literal('samples'),
  /** JSON lines (`.jsonl`, `.ndjson`, `.json`) or CSV with a header row (`.csv`). */
  file: filePath,
  field: z.string().min(1),
  /** Unix seconds or an ISO 8601 time per sample; without it the whole file is the recent window. */
  timeField: z.string().min(1).optional(),
  /** Upper bucket bounds; a +Inf bucket is always added. */
  buckets: z.array(z.number()).min(1),
})

export const sourceSchema = z.discriminatedUnion('kind', [prometheusHistogram, samplesFile])

const baselineSchema = z.discriminatedUnion('kind', [
  /** The `duration` before the recent window. */
  z.strictObject({kind: z.literal('window'), duration}),
  /** A snapshot captured by `inferwatch drift baseline`. */
  z.strictObject({kind: z.literal('snapshot'), file: filePath}),
])

export const jobSchema = z.strictObject({
  name: safeName,
  server: safeName,
  model: z.string().min(1).optional(),
  modelVersion: z.string().min(1).optional(),
  /** The labels every published series carries, besides the Pushgateway's `job`. */
  labels: z.record(z.string(), z.string()),
  source: sourceSchema,
  window: duration,
  baseline: baselineSchema,
  /** Fewer samples than this in either window publish `inferwatch_drift_up 0` and no divergence. */
  minSamples: z.number().int().min(1),
  threshold: z.number().positive(),
})

export const jobsFileSchema = z.strictObject({
  fleet: z.string().min(1),
  jobs: z.array(jobSchema),
})

export type DriftJobConfig = z.infer<typeof jobSchema>
export type DriftSource = z.infer<typeof sourceSchema>
export type JobsFile = z.infer<typeof jobsFileSchema>

/** Reads and checks a jobs file; every problem comes back located, as for the fleet file. */
export async function readJobsFile(file: string): Promise<JobsFile> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const message = code === 'ENOENT' ? 'drift jobs file not found (it is generated as drift/jobs.yaml by `inferwatch generate`)' : `cannot read file (${code ?? String(error)})`
    throw new InputError([{col: 1, file, line: 1, message, path: ''}])
  }
  const parsed = parseYaml(file, text)
  if (!parsed.ok) throw new InputError(parsed.diagnostics)
  const checked = jobsFileSchema.safeParse(parsed.value)
  if (!checked.success) {
    const diagnostics: Diagnostic[] = checked.error.issues.map((issue) => diagnosticAt(parsed.source, issue.path, issue.message))
    throw new InputError(diagnostics)
  }
  return checked.data
}

/** The named job, or all of them; an unknown name is an input error naming the known ones. */
export function selectJobs(jobs: JobsFile, file: string, name: string | undefined): DriftJobConfig[] {
  if (name === undefined) return jobs.jobs
  const job = jobs.jobs.find((j) => j.name === name)
  if (!job) {
    const known = jobs.jobs.map((j) => j.name).join(', ') || 'none'
    throw new InputError([{col: 1, file, line: 1, message: `no drift job "${name}" (jobs here: ${known})`, path: 'jobs'}])
  }
  return [job]
}
