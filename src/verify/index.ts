import {parse} from 'yaml'

import type {Diagnostic} from '../diagnostics/diagnostic.js'
import {checkMetrics, checkReceivers, checkRuleGroups, checkTargets, type ActiveTarget, type LoadedGroup, type Problem} from './checks.js'
import {expectationsOf} from './expectations.js'
import {fetchJson} from './http.js'
import {readOutputFolder} from './read-output.js'

export {UnreachableError} from './http.js'
export type {Problem} from './checks.js'

export interface VerifyOptions {
  outDir: string
  prometheus: string
  alertmanager?: string
  timeoutMs: number
}

export interface VerifyReport {
  problems: Problem[]
  checked: {targets: number; ruleGroups: number; metrics: number; receivers: number | null}
}

export type VerifyResult = {kind: 'invalid'; diagnostics: Diagnostic[]} | ({kind: 'verified'} & VerifyReport)

/**
 * Compares a running Prometheus (and Alertmanager) with the generated output folder: the files as
 * they are on disk, which are what the stack was given (and can run on a monitoring host that has
 * no fleet file). `generate --check` is what compares the folder with the fleet; the two together
 * cover fleet → files → running stack. Throws UnreachableError when a server cannot be asked.
 */
export async function verifyStack(options: VerifyOptions): Promise<VerifyResult> {
  const files = await readOutputFolder(options.outDir)
  if (!files.ok) return {diagnostics: files.diagnostics, kind: 'invalid'}
  const expected = expectationsOf(files.files)
  const ask = (path: string, form?: Record<string, string>) => fetchJson(options.prometheus, path, {form, timeoutMs: options.timeoutMs, what: 'Prometheus'})

  const [targets, rules, present] = await Promise.all([
    ask('/api/v1/targets?state=active').then((body) => dataOf<{activeTargets: ActiveTarget[]}>(body).activeTargets),
    ask('/api/v1/rules').then((body) => dataOf<{groups: LoadedGroup[]}>(body).groups),
    expected.metrics.length === 0
      ? Promise.resolve(new Set<string>())
      : ask('/api/v1/query', {query: `count by (__name__) ({__name__=~"${expected.metrics.map((m) => m.name).join('|')}"})`}).then(
          (body) => new Set(dataOf<{result: {metric: {__name__: string}}[]}>(body).result.map((r) => r.metric.__name__)),
        ),
  ])
  const problems = [
    ...checkTargets(expected.targets, targets),
    ...checkRuleGroups(expected.ruleGroups, rules),
    ...checkMetrics(expected.metrics, present),
  ]
  let receivers: number | null = null
  if (options.alertmanager) {
    const status = await fetchJson(options.alertmanager, '/api/v2/status', {timeoutMs: options.timeoutMs, what: 'Alertmanager'})
    const original = (status as {config?: {original?: string}}).config?.original ?? ''
    const loadedReceivers = ((parse(original) as {receivers?: {name: string}[]} | null)?.receivers ?? []).map((r) => r.name)
    problems.push(...checkReceivers(expected.receivers, loadedReceivers))
    receivers = expected.receivers.length
  }
  return {
    checked: {metrics: expected.metrics.length, receivers, ruleGroups: expected.ruleGroups.length, targets: expected.targets.length},
    kind: 'verified',
    problems,
  }
}

/** Prometheus' `{status: "success", data}` envelope. */
function dataOf<T>(body: unknown): T {
  return (body as {data: T}).data
}
