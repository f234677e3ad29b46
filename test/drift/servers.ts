import {once} from 'node:events'
import {mkdir, writeFile} from 'node:fs/promises'
import {createServer} from 'node:net'
import {join} from 'node:path'

import {execa, type ResultPromise} from 'execa'

import {tempDir} from '../helpers/fleet.js'

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const {port} = server.address() as {port: number}
  server.close()
  await once(server, 'close')
  return port
}

export interface RunningServer {
  url: string
  stop(): Promise<void>
}

/** Starts a real server on loopback, bounded: it is killed if it is not ready within 20 s, and by stop(). */
async function start(command: string, args: string[], url: string, readyPath: string): Promise<RunningServer> {
  const child: ResultPromise = execa(command, args, {reject: false, timeout: 600_000})
  const stop = async () => {
    child.kill('SIGTERM')
    await child
  }
  const deadline = Date.now() + 20_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break
    const ready = await fetch(`${url}${readyPath}`, {signal: AbortSignal.timeout(1000)}).then((r) => r.ok, () => false)
    if (ready) return {stop, url}
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await stop()
  const result = await child
  throw new Error(`${command} did not become ready at ${url}: ${String(result.stderr).slice(-2000)}`)
}

export async function startPushgateway(): Promise<RunningServer> {
  const port = await freePort()
  return start('prometheus-pushgateway', [`--web.listen-address=127.0.0.1:${port}`], `http://127.0.0.1:${port}`, '/-/ready')
}

/** node_exporter with only the textfile collector, reading `dir`. */
export async function startNodeExporter(port: number, dir: string): Promise<RunningServer> {
  const args = [`--web.listen-address=127.0.0.1:${port}`, '--collector.disable-defaults', '--collector.textfile', `--collector.textfile.directory=${dir}`]
  return start('prometheus-node-exporter', args, `http://127.0.0.1:${port}`, '/metrics')
}

/** Debian's prometheus (2.42) over a data directory, with the given config text or config file. */
export async function startPrometheus(config: string | undefined, dataDir: string, file?: string): Promise<RunningServer> {
  const port = await freePort()
  let configFile = file
  if (configFile === undefined) {
    configFile = join(await tempDir('inferwatch-prom-cfg-'), 'prometheus.yml')
    await writeFile(configFile, config!)
  }
  return start(
    'prometheus',
    [`--config.file=${configFile}`, `--storage.tsdb.path=${dataDir}`, `--web.listen-address=127.0.0.1:${port}`, '--storage.tsdb.retention.time=30d'],
    `http://127.0.0.1:${port}`,
    '/-/ready',
  )
}

export interface HistogramSeries {
  metric: string
  labels: Record<string, string>
  /** Upper bounds, +Inf last. */
  le: string[]
  /** Per-minute increment of each bin, as a function of the minute. */
  increments: (minute: number) => number[]
  /** Minutes at which the server restarts: every counter starts again from 0. */
  resets: number[]
}

/**
 * OpenMetrics text of a histogram scraped once a minute from `start` for `minutes` minutes: each
 * bucket a counter of the observations at or below its bound, with `_count` and `_sum`.
 */
export function histogramOpenMetrics(series: HistogramSeries, start: number, minutes: number): string {
  const labels = (extra: Record<string, string>) =>
    `{${Object.entries({...series.labels, ...extra})
      .map(([k, v]) => `${k}="${v}"`)
      .join(',')}}`
  const bins = series.le.map(() => 0)
  const lines = [`# TYPE ${series.metric} histogram`]
  let sum = 0
  for (let minute = 0; minute <= minutes; minute++) {
    if (series.resets.includes(minute)) {
      bins.fill(0)
      sum = 0
    }
    if (minute > 0) {
      series.increments(minute).forEach((inc, i) => {
        bins[i]! += inc
        sum += inc * (i + 1)
      })
    }
    const time = start + minute * 60
    let cumulative = 0
    series.le.forEach((le, i) => {
      cumulative += bins[i]!
      lines.push(`${series.metric}_bucket${labels({le})} ${cumulative} ${time}`)
    })
    lines.push(`${series.metric}_count${labels({})} ${cumulative} ${time}`, `${series.metric}_sum${labels({})} ${sum} ${time}`)
  }
  return `${lines.join('\n')}\n# EOF\n`
}

/** Backfills OpenMetrics text into a fresh Prometheus data directory with promtool. */
export async function backfill(openMetrics: string): Promise<string> {
  const dir = await tempDir('inferwatch-prom-data-')
  const data = join(dir, 'data')
  await mkdir(data)
  const input = join(dir, 'backfill.om')
  await writeFile(input, openMetrics)
  const run = await execa('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', input, data], {reject: false, timeout: 120_000})
  if (run.exitCode !== 0) throw new Error(`promtool backfill failed: ${run.stderr}`)
  return data
}
