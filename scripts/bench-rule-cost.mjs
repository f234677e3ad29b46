// What the generated rules cost Prometheus: backfill synthetic series for every target of a fleet
// (`promtool tsdb create-blocks-from openmetrics`), start a real Prometheus on 127.0.0.1 with the
// generated rules, and read prometheus_rule_group_last_duration_seconds after each evaluation of
// every group: the figure is the sum over groups of each group's median over SAMPLES evaluations
// (after WARM_UP), since one evaluation on a shared 2-core machine varies by half.
// The backfill covers STEPS minutes, so the 1h and 6h windows read only that much history.
// Every group is evaluated at EVALUATION_INTERVAL_SECONDS here, its own `interval` set aside, so a
// group evaluated once a minute gives its samples as quickly as the others; `perGlobalIntervalMs`
// then weighs each group by how often it really runs (the generated evaluation_interval, or its own).
import {spawn, spawnSync} from 'node:child_process'
import {mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {createServer} from 'node:net'
import {join} from 'node:path'

import {parse, stringify} from 'yaml'

import {fleetRules} from '../dist/src/generators/prometheus-rules/index.js'
import {mustParsePromql, textOf, vectorSelectors} from '../dist/src/generators/prometheus-rules/promql.js'
import {fleetSeries} from '../dist/src/generators/prometheus-rules/unit-tests.js'
import {loadFleet} from '../dist/src/pipeline.js'
import {parseDuration} from '../dist/src/schema/primitives.js'

const STEPS = 30
const STEP_SECONDS = 60
const EVALUATION_INTERVAL_SECONDS = 5
const DEADLINE_MS = 240_000
const WARM_UP = 2
const SAMPLES = 7
const QUERY_REPEATS = 3

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** Resolves with a free loopback port. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address()
      server.close(() => resolve(port))
    })
  })
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

export async function ruleEvaluationCost({fleetFile, out, work}) {
  const loaded = await loadFleet(fleetFile)
  if (!loaded.ok) throw new Error('bench: the fleet does not load')
  const rules = fleetRules(loaded.fleet)
  const series = fleetSeries(rules.alerts, rules.recording, loaded.fleet, STEPS)
  // OpenMetrics wants each metric's samples together; the last sample lands a minute before now.
  // A reading of a unix time (`*_timestamp_seconds`, by Prometheus' naming) is on a test's clock,
  // which starts at 0, and its silent value is just inside the alert's age at the test's evaluation:
  // on a healthy fleet the job has just succeeded, so each sample reads its own time. (A certificate's
  // expiry, probe_ssl_earliest_cert_expiry, is a unix time too but not "just now": the bench's fleets
  // have no https servers; the active alerts printed below would show it if one did.)
  const end = Math.floor(Date.now() / 1000) - STEP_SECONDS
  const lines = []
  for (const {series: name, values} of [...series].sort((a, b) => (a.series < b.series ? -1 : 1))) {
    const start = end - (values.length - 1) * STEP_SECONDS
    const isTimestamp = /_timestamp_seconds(\{|$)/.test(name)
    values.forEach((value, i) => {
      const at = start + i * STEP_SECONDS
      lines.push(`${name} ${isTimestamp ? at : value} ${at}`)
    })
  }
  lines.push('# EOF')
  const metricsFile = join(work, 'backfill.om')
  writeFileSync(metricsFile, lines.join('\n') + '\n')
  const data = join(work, 'tsdb')
  mkdirSync(data)
  const created = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', metricsFile, data], {encoding: 'utf8', maxBuffer: 1 << 28})
  if (created.status !== 0) throw new Error(`bench: promtool tsdb create-blocks-from failed:\n${created.stderr.slice(-2000)}`)

  const {globalSeconds, intervals, rulesDir} = benchRuleFiles(out, work)
  const config = join(work, 'prometheus-bench.yml')
  writeFileSync(config, `global:\n  evaluation_interval: ${EVALUATION_INTERVAL_SECONDS}s\nrule_files:\n  - ${rulesDir}/*.yml\n`)
  const port = await freePort()
  const prometheus = spawn(
    'prometheus',
    [`--config.file=${config}`, `--storage.tsdb.path=${data}`, `--web.listen-address=127.0.0.1:${port}`, '--storage.tsdb.retention.time=1d'],
    {stdio: ['ignore', 'ignore', 'pipe']},
  )
  let log = ''
  prometheus.stderr.on('data', (chunk) => (log = (log + chunk).slice(-4000)))
  try {
    const deadline = Date.now() + DEADLINE_MS
    // Each group's last duration, once per evaluation (polled faster than the evaluation interval).
    const samples = new Map()
    const seen = new Map()
    while (Date.now() < deadline) {
      await sleep(1000)
      const text = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text(), () => '')
      const read = (metric) =>
        new Map(
          [...text.matchAll(new RegExp(`^${metric}\\{rule_group="([^"]+)"\\} (\\S+)$`, 'gm'))]
            .filter(([, group]) => group.includes(';inferwatch.'))
            .map(([, group, value]) => [group.split(';').at(-1), Number(value)]),
        )
      const iterations = read('prometheus_rule_group_iterations_total')
      const durations = read('prometheus_rule_group_last_duration_seconds')
      for (const [group, n] of iterations) {
        if (n <= WARM_UP || n === seen.get(group) || !durations.has(group)) continue
        seen.set(group, n)
        samples.set(group, [...(samples.get(group) ?? []), durations.get(group)])
      }
      if (samples.size > 0 && samples.size === iterations.size && [...samples.values()].every((s) => s.length >= SAMPLES)) break
    }
    if (samples.size === 0) throw new Error(`bench: Prometheus reported no inferwatch rule group in time:\n${log}`)
    const groups = [...samples].map(([group, seconds]) => ({
      evaluations: seconds.length,
      group,
      intervalSeconds: intervals.get(group) ?? globalSeconds,
      ms: median(seconds) * 1000,
    }))
    const slowest = groups.reduce((a, b) => (b.ms > a.ms ? b : a))
    // Per rule, from the rules API: which expressions the time goes to.
    const api = await fetch(`http://127.0.0.1:${port}/api/v1/rules`).then((r) => r.json(), () => ({data: {groups: []}}))
    const slowestRules = api.data.groups
      .flatMap((g) => g.rules.map((r) => ({ms: r.evaluationTime * 1000, rule: r.name})))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5)
    // The backfilled fleet is a healthy one (every alert's silent readings): an alert pending or
    // firing here costs what a healthy fleet does not (its annotations rendered at every evaluation).
    const alertQuery = encodeURIComponent('count by (alertname, alertstate) (ALERTS)')
    const active = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${alertQuery}`).then((r) => r.json()).catch(() => null)
    if (active?.status !== 'success') throw new Error(`bench: Prometheus did not answer which alerts are active:\n${log}`)
    const activeAlerts = active.data.result.map((r) => ({alert: r.metric.alertname, count: Number(r.value[1]), state: r.metric.alertstate}))
    // Where an evaluation's time goes, from Prometheus' own totals over the whole run: the rules'
    // queries (the engine's prepare and inner evaluation) against everything else (writing results).
    const floor = await selectionFloor(port, benchRules(rulesDir))
    const totals = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text(), () => '')
    const total = (pattern) => [...totals.matchAll(new RegExp(`^${pattern} (\\S+)$`, 'gm'))].reduce((t, [, v]) => t + Number(v), 0)
    const ruleSeconds = total('prometheus_rule_evaluation_duration_seconds_sum')
    const querySeconds = total('prometheus_engine_query_duration_seconds_sum\\{slice="(?:prepare_time|inner_eval)"\\}')
    return {
      activeAlerts,
      floor,
      queryShare: ruleSeconds > 0 ? querySeconds / ruleSeconds : null,
      globalIntervalSeconds: globalSeconds,
      groups: groups.length,
      perGlobalIntervalMs: groups.reduce((t, g) => t + (g.ms * globalSeconds) / g.intervalSeconds, 0),
      perGroup: groups,
      series: series.length,
      slowest,
      slowestRules,
      sumMs: groups.reduce((t, g) => t + g.ms, 0),
    }
  } finally {
    prometheus.kill('SIGTERM')
    await new Promise((resolve) => {
      const timer = setTimeout(() => {
        prometheus.kill('SIGKILL')
        resolve()
      }, 10_000)
      prometheus.on('exit', () => {
        clearTimeout(timer)
        resolve()
      })
    })
  }
}


/**
 * The generated rule files without their groups' own intervals (written to work/rules), each
 * group's real interval in seconds, and the generated global evaluation_interval.
 */
function benchRuleFiles(out, work) {
  const generated = parse(readFileSync(join(out, 'prometheus', 'prometheus.yml'), 'utf8'))
  const globalSeconds = parseDuration(generated?.global?.evaluation_interval ?? '1m')
  const rulesDir = join(work, 'rules')
  mkdirSync(rulesDir)
  const intervals = new Map()
  for (const file of readdirSync(join(out, 'prometheus', 'rules')).filter((f) => f.endsWith('.yml'))) {
    const rules = parse(readFileSync(join(out, 'prometheus', 'rules', file), 'utf8'))
    for (const group of rules.groups) {
      if (group.interval) intervals.set(group.name, parseDuration(group.interval))
      delete group.interval
    }
    writeFileSync(join(rulesDir, file), stringify(rules, {lineWidth: 0, version: '1.1'}))
  }
  return {globalSeconds, intervals, rulesDir}
}

/** Every rule's expression in the bench's rule files. */
function benchRules(rulesDir) {
  return readdirSync(rulesDir)
    .sort()
    .flatMap((file) => parse(readFileSync(join(rulesDir, file), 'utf8')).groups.flatMap((g) => g.rules.map((r) => r.expr)))
}

/**
 * The text of each series selection in an expression (`name{…}` and `name{…}[range]`), deduplicated:
 * what Prometheus must read for the rule whatever the expression then does with it. An offset or a
 * subquery around a selection is left off, so the floor errs low.
 */
export function selectionsOf(expr) {
  const parsed = mustParsePromql(expr)
  const selections = vectorSelectors(parsed).map(({node}) => textOf(expr, node.parent?.name === 'MatrixSelector' ? node.parent : node))
  return [...new Set(selections)]
}

/**
 * Why the rules cost what they do: each rule's expression alone through the query API (serially,
 * so no two groups share the cores), against only reading the series it selects (`count` of each
 * selection; `count_over_time` reads a range's samples as `rate` does). The second is a floor no
 * rewrite of the same rules goes under: only selecting fewer series does.
 */
async function selectionFloor(port, expressions) {
  const timed = async (query) => {
    const times = []
    for (let i = 0; i < QUERY_REPEATS; i++) {
      const body = new URLSearchParams({query, stats: 'all'})
      const answer = await fetch(`http://127.0.0.1:${port}/api/v1/query`, {body, method: 'POST'}).then((r) => r.json())
      if (answer.status !== 'success') throw new Error(`bench: Prometheus refused ${query}: ${answer.error}`)
      times.push(answer.data.stats.timings.execTotalTime * 1000)
    }
    return median(times)
  }
  let expressionsMs = 0
  let selectionsMs = 0
  for (const expr of expressions) {
    expressionsMs += await timed(expr)
    for (const selection of selectionsOf(expr)) {
      selectionsMs += await timed(selection.endsWith(']') ? `count(count_over_time(${selection}))` : `count(${selection})`)
    }
  }
  return {expressionsMs, rules: expressions.length, selectionsMs}
}
