/** A server that could not be asked: unreachable, too slow, or not answering like Prometheus/Alertmanager. */
export class UnreachableError extends Error {}

/**
 * GETs (or POSTs a form to) `base + path` and returns the parsed JSON. Every failure becomes an
 * UnreachableError whose message names the URL and the reason in words, never a stack trace.
 */
export async function fetchJson(base: string, path: string, options: {timeoutMs: number; form?: Record<string, string>; what: string}): Promise<unknown> {
  const url = `${base.replace(/\/+$/, '')}${path}`
  let response: Response
  try {
    response = await fetch(url, {
      signal: AbortSignal.timeout(options.timeoutMs),
      ...(options.form ? {body: new URLSearchParams(options.form), method: 'POST'} : {}),
    })
  } catch (error) {
    throw new UnreachableError(`cannot reach ${options.what} at ${url}: ${reason(error, options.timeoutMs)}`)
  }
  const text = await response.text().catch(() => '')
  if (!response.ok) throw new UnreachableError(`${options.what} at ${url} answered HTTP ${response.status}${text ? `: ${text.trim().slice(0, 200)}` : ''}`)
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new UnreachableError(`${options.what} at ${url} did not answer with JSON: is ${base} really ${options.what}?`)
  }
}

function reason(error: unknown, timeoutMs: number): string {
  const e = error as {name?: string; cause?: {code?: string; message?: string}; message?: string}
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${timeoutMs / 1000}s`
  if (e.cause?.code === 'ECONNREFUSED') return 'connection refused (nothing listens there)'
  if (e.cause?.code === 'ENOTFOUND') return 'unknown host'
  if (e.name === 'TypeError' && /invalid url|Failed to parse URL/i.test(`${e.message} ${e.cause?.message ?? ''}`)) return 'not a valid URL'
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(error)
}
