import {basename} from 'node:path'

import {ACCELERATORS, HARDWARE, RUNTIMES, withLogSignals} from '../catalog/index.js'
import type {FleetSpec, ModelServerSpec, NodeSpec, SloSpec} from '../schema/fleet.js'
import {parseDuration} from '../schema/primitives.js'
import {longestGapSeconds} from './cron-schedule.js'
import {DEFAULTS} from './defaults.js'
import type {Fleet, FleetNode, Labels, ModelServer, Slo} from './fleet-model.js'
import {resolveLogging, shipsServerLogs} from './logging.js'
import {acceleratorIds, resolveNodeExporters, resolveTextfileDirectory} from './node-exporters.js'

const byName = <T extends {name: string}>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

/** Resolves a validated spec into the Fleet model. Pure: same spec, same model. */
export function normalizeFleet(spec: FleetSpec, sourcePath: string): Fleet {
  const fleetSlo = resolveSlo(spec.defaults?.slo, undefined)
  const nodesWithBackups = new Set((spec.backups ?? []).map((b) => b.node))
  const serverLogs = shipsServerLogs(spec.logging)
  const nodes = spec.nodes.map((node) => resolveNode(spec, node, fleetSlo, nodesWithBackups.has(node.name), serverLogs)).sort(byName)
  const alerting = spec.alerting
  const prometheusUrl = (spec.prometheus?.url ?? DEFAULTS.prometheus.url).replace(/\/+$/, '')
  const pushgatewayUrl = (spec.pushgateway?.url ?? DEFAULTS.prometheus.pushgatewayUrl).replace(/\/+$/, '')

  return {
    alerts: Object.fromEntries(Object.entries(spec.defaults?.alerts ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))),
    alerting: alerting && {
      alertmanagerVersion: alerting.alertmanagerVersion ?? DEFAULTS.alerting.alertmanagerVersion,
      defaultReceiver: alerting.defaultReceiver ?? alerting.receivers[0]!.name,
      groupInterval: alerting.groupInterval ?? DEFAULTS.alerting.groupInterval,
      groupWait: alerting.groupWait ?? DEFAULTS.alerting.groupWait,
      receivers: [...alerting.receivers].sort(byName),
      repeatInterval: alerting.repeatInterval ?? DEFAULTS.alerting.repeatInterval,
      routes: alerting.routes ?? [],
    },
    backups: (spec.backups ?? [])
      .map((b) => ({maxAge: b.maxAge, name: b.name, node: b.node, paths: b.paths ?? [], schedule: b.schedule ?? DEFAULTS.backups.schedule}))
      .sort(byName),
    deploy: {targets: [...DEFAULTS.deployTargets]},
    description: spec.metadata.description,
    drift: (spec.drift ?? [])
      .map((d) => ({
        baseline: d.baseline ?? DEFAULTS.drift.baseline,
        buckets: [...(d.buckets ?? DEFAULTS.drift.buckets)].sort((x, y) => x - y),
        image: d.image ?? DEFAULTS.drift.image,
        minSamples: d.minSamples ?? DEFAULTS.drift.minSamples,
        model: d.model,
        name: d.name,
        // A job runs on a node: by default it reaches the fleet's Prometheus and Pushgateway as the fleet names them.
        prometheusUrl: (d.prometheusUrl ?? prometheusUrl).replace(/\/+$/, ''),
        pushgatewayUrl: (d.pushgatewayUrl ?? pushgatewayUrl).replace(/\/+$/, ''),
        samples: d.samples,
        schedule: d.schedule ?? DEFAULTS.drift.schedule,
        scheduleIntervalSeconds: longestGapSeconds(d.schedule ?? DEFAULTS.drift.schedule),
        scheduler: d.scheduler ?? DEFAULTS.drift.scheduler,
        server: d.server,
        signal: d.signal ?? DEFAULTS.drift.signal,
        threshold: d.threshold ?? DEFAULTS.drift.threshold,
        window: d.window ?? DEFAULTS.drift.window,
      }))
      .sort(byName),
    energy: spec.energy && {
      cloudPricePerMillionTokens: spec.energy.cloudPricePerMillionTokens,
      currency: spec.energy.currency,
      pricePerKwh: spec.energy.pricePerKwh,
    },
    environment: spec.metadata.environment ?? DEFAULTS.environment,
    logging: spec.logging && resolveLogging(spec.logging),
    name: spec.metadata.name,
    nodes,
    prometheus: {
      alertmanagers: spec.prometheus?.alertmanagers ?? [...DEFAULTS.prometheus.alertmanagers],
      blackboxAddress: spec.prometheus?.blackboxAddress ?? DEFAULTS.prometheus.blackboxAddress,
      externalLabels: spec.prometheus?.externalLabels ?? {},
      mode: spec.prometheus?.mode ?? DEFAULTS.prometheus.mode,
      pushgatewayAddress: hostPort(pushgatewayUrl),
      pushgatewayUrl,
      self: {address: hostPort(prometheusUrl), metricsPath: `${new URL(prometheusUrl).pathname.replace(/\/+$/, '')}/metrics`},
      url: prometheusUrl,
      remoteWrite: [...(spec.prometheus?.remoteWrite ?? [])].sort(byName),
      retention: spec.prometheus?.retention ?? DEFAULTS.prometheus.retention,
      shards: spec.prometheus?.shards ?? DEFAULTS.prometheus.shards,
    },
    grafana: {datasourceUrl: (spec.grafana?.datasourceUrl ?? prometheusUrl).replace(/\/+$/, ''), url: (spec.grafana?.url ?? DEFAULTS.grafanaUrl).replace(/\/+$/, '')},
    runbooks: {baseUrl: (spec.runbooks?.baseUrl ?? DEFAULTS.runbooksBaseUrl).replace(/\/+$/, '')},
    scrape: {
      evaluationInterval: spec.defaults?.evaluationInterval ?? DEFAULTS.scrape.evaluationInterval,
      interval: spec.defaults?.scrapeInterval ?? DEFAULTS.scrape.interval,
      timeout: spec.defaults?.scrapeTimeout ?? defaultScrapeTimeout(spec.defaults?.scrapeInterval ?? DEFAULTS.scrape.interval),
    },
    servers: nodes.flatMap((n) => n.servers).sort(byName),
    sites: (spec.sites ?? [])
      .map((s) => ({kind: s.kind ?? 'wordpress', name: s.name, nodes: s.nodes ?? [], servers: s.servers ?? [], tenant: s.tenant, url: s.url}))
      .sort(byName),
    sourceFile: basename(sourcePath),
    thresholds: {...DEFAULTS.thresholds, ...withoutUndefined(spec.defaults?.thresholds ?? {}, ['temperature'])},
    tls: spec.tls,
  }
}

function resolveNode(spec: FleetSpec, node: NodeSpec, fleetSlo: Slo, hasBackups: boolean, serverLogs: boolean): FleetNode {
  const hardware = HARDWARE[node.hardware]
  const labels: Labels = withoutUndefined(node.labels ?? {}, [])
  return {
    accelerators: acceleratorIds(node).map((id) => ACCELERATORS[id]),
    address: node.address,
    exporters: resolveNodeExporters(node),
    hardware,
    labels,
    name: node.name,
    servers: (node.modelServers ?? []).map((server) => resolveServer(node, server, fleetSlo, labels, serverLogs)).sort(byName),
    temperature: spec.defaults?.thresholds?.temperature?.[node.hardware] ?? hardware.temperature,
    textfileDirectory: resolveTextfileDirectory(node, hasBackups),
    watts: node.watts ?? spec.energy?.watts?.[node.hardware] ?? hardware.typicalWatts,
    baseWatts: spec.energy?.baseWatts?.[node.hardware] ?? hardware.powerCoverage?.restWatts ?? 0,
  }
}

function resolveServer(node: NodeSpec, server: ModelServerSpec, fleetSlo: Slo, labels: Labels, serverLogs: boolean): ModelServer {
  const runtime = withLogSignals(RUNTIMES[server.runtime], serverLogs)
  const port = server.port ?? runtime.defaultPort
  return {
    address: node.address,
    healthPath: server.healthPath ?? runtime.healthPath,
    labels,
    metrics: runtime.metrics && {
      path: server.metricsPath ?? runtime.metrics.path,
      port: server.metricsPort ?? runtime.metrics.port ?? port,
    },
    models: server.models
      .map((m) => ({name: m.name, sha256: m.sha256, stage: m.stage ?? 'stable', version: m.version}))
      .sort((a, b) => byName(a, b) || (a.version ?? '').localeCompare(b.version ?? '')),
    name: server.name,
    node: node.name,
    port,
    runtime,
    scheme: server.scheme ?? 'http',
    slo: resolveSlo(server.slo, fleetSlo),
  }
}

function resolveSlo(spec: SloSpec | undefined, fallback: Slo | undefined): Slo {
  const base: Slo = fallback ?? {
    availability: DEFAULTS.slo.availabilityPercent / 100,
    errorRatio: DEFAULTS.slo.errorRatePercent / 100,
    latencyP99Seconds: parseDuration(DEFAULTS.slo.latencyP99)!,
    ttftP95Seconds: parseDuration(DEFAULTS.slo.ttftP95)!,
    interTokenLatencyP95Seconds: parseDuration(DEFAULTS.slo.interTokenLatencyP95)!,
  }
  return {
    availability: spec?.availabilityPercent === undefined ? base.availability : spec.availabilityPercent / 100,
    errorRatio: spec?.errorRatePercent === undefined ? base.errorRatio : spec.errorRatePercent / 100,
    latencyP99Seconds: spec?.latencyP99 === undefined ? base.latencyP99Seconds : parseDuration(spec.latencyP99)!,
    ttftP95Seconds: spec?.ttftP95 === undefined ? base.ttftP95Seconds : parseDuration(spec.ttftP95)!,
    interTokenLatencyP95Seconds: spec?.interTokenLatencyP95 === undefined ? base.interTokenLatencyP95Seconds : parseDuration(spec.interTokenLatencyP95)!,
  }
}

/** `host:port` of an http(s) URL, with the scheme's port when it names none. */
function hostPort(url: string): string {
  const parsed = new URL(url)
  return parsed.port ? parsed.host : `${parsed.host}:${parsed.protocol === 'https:' ? 443 : 80}`
}

/** Prometheus rejects a scrape timeout above the interval, so a short interval shortens the default timeout. */
function defaultScrapeTimeout(interval: string): string {
  return parseDuration(interval)! < parseDuration(DEFAULTS.scrape.timeout)! ? interval : DEFAULTS.scrape.timeout
}

function withoutUndefined<T extends object, K extends keyof T>(value: T, omit: K[]): {[P in Exclude<keyof T, K>]-?: Exclude<T[P], undefined>} {
  return Object.fromEntries(
    Object.entries(value).filter(([key, v]) => v !== undefined && !omit.includes(key as K)),
  ) as {[P in Exclude<keyof T, K>]-?: Exclude<T[P], undefined>}
}
