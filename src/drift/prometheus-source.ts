import {type Distribution, fromCumulative} from './distribution.js'
import {DriftInputError, DriftSourceError, fetchFailure} from './errors.js'

export interface HistogramQuery {
  url: string
  metric: string
  matchers: Record<string, string>
  extraMatchers?: string
  timeoutMs: number
}

const escapeValue = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')

/**
 * The per-bucket increase of a histogram over `range` seconds ending at `end`, summed over the
 * selected series (all instances and replicas of the server). `increase()` treats a drop in a
 * counter as a restart from 0 and adds the value after the drop, so a server restarted inside the
 * window still counts every request it served.
 */
export function bucketIncreaseQuery(metric: string, matchers: Record<string, string>, rangeSeconds: number, extraMatchers?: string): string {
  const equalities = Object.keys(matchers)
    .sort()
    .map((label) => `${label}="${escapeValue(matchers[label]!)}"`)
  const selector = [...equalities, ...(extraMatchers ? [extraMatchers.replace(/^\{|\}$/g, '')] : [])].join(',')
  // Metric names with a colon (vllm:…) are valid in PromQL selectors as they are.
  return `sum by (le) (increase(${metric}_bucket{${selector}}[${rangeSeconds}s]))`
}

interface VectorSample {
  metric: Record<string, string>
  value: [number, string]
}

/** Per-bin counts over (end − range, end], or null when the histogram has no series there (no traffic, or no such server). */
export async function histogramIncrease(query: HistogramQuery, end: number, rangeSeconds: number): Promise<Distribution | null> {
  const promql = bucketIncreaseQuery(query.metric, query.matchers, rangeSeconds, query.extraMatchers)
  const base = query.url.replace(/\/+$/, '')
  const endpoint = `${base}/api/v1/query`
  const body = new URLSearchParams({query: promql, time: String(end)})
  let response: Response
  try {
    response = await fetch(endpoint, {body, method: 'POST', signal: AbortSignal.timeout(query.timeoutMs)})
  } catch (error) {
    throw new DriftSourceError(describeFetchError(endpoint, error, query.timeoutMs))
  }
  let text: string
  try {
    text = await response.text()
  } catch (error) {
    throw new DriftSourceError(describeFetchError(endpoint, error, query.timeoutMs))
  }
  let payload: unknown
  try {
    payload = JSON.parse(text)
  } catch {
    const status = response.ok ? '' : ` HTTP ${response.status}`
    throw new DriftSourceError(`Prometheus at ${endpoint} answered${status} with something that is not JSON: ${snippet(text)}`)
  }
  const answer = payload as {status?: unknown; error?: unknown; errorType?: unknown; data?: {resultType?: unknown; result?: unknown}}
  if (!response.ok || answer.status !== 'success') {
    const detail = typeof answer.error === 'string' ? `${String(answer.errorType ?? 'error')}: ${answer.error}` : snippet(text)
    throw new DriftSourceError(`Prometheus at ${endpoint} answered HTTP ${response.status} to ${promql}: ${detail}`)
  }
  if (answer.data?.resultType !== 'vector' || !Array.isArray(answer.data.result)) {
    throw new DriftSourceError(`Prometheus at ${endpoint} sent a malformed response (expected an instant vector): ${snippet(text)}`)
  }
  const samples = answer.data.result as VectorSample[]
  if (samples.length === 0) return null
  const buckets = samples.map((s) => {
    const le = s?.metric?.le
    const value = Array.isArray(s?.value) ? Number(s.value[1]) : Number.NaN
    if (typeof le !== 'string' || Number.isNaN(value)) {
      throw new DriftSourceError(`Prometheus at ${endpoint} sent a malformed sample (expected {metric: {le}, value: [time, "number"]}): ${snippet(JSON.stringify(s))}`)
    }
    return {le, value}
  })
  try {
    return fromCumulative(buckets, `${query.metric} from ${base}`)
  } catch (error) {
    if (error instanceof DriftInputError) throw new DriftSourceError(error.message)
    throw error
  }
}

function describeFetchError(endpoint: string, error: unknown, timeoutMs: number): string {
  const why = fetchFailure(error, timeoutMs)
  return why.startsWith('no answer') ? `Prometheus at ${endpoint} did not answer within ${timeoutMs / 1000}s` : `cannot reach Prometheus at ${endpoint}: ${why}`
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat || '(empty body)'
}
