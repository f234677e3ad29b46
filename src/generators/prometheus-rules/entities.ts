import {
  ACCELERATOR_SIGNALS,
  EXPORTERS,
  HARDWARE,
  NODE_EXPORTER_IDS,
  NODE_SIGNALS,
  RUNTIMES,
  SERVER_SIGNALS,
  type HardwareProfile,
  type NodeExporterId,
  type RuntimeProfile,
  type SignalSource,
  isAvailable,
  metricFact,
  modelServerJob,
  NODE_LABELS,
  driftPushLabels,
  nodeTargetLabels,
  serverLabels,
  serverTargetLabels,
  SERVICE_JOBS,
} from '../../catalog/index.js'
import type {Fleet, FleetNode, ModelServer} from '../../normalize/fleet-model.js'
import type {KnobOwners} from './knobs.js'
import type {AlertScope, RecordingScope} from './rule-catalog-schema.js'

/**
 * Entities: the things rules are instantiated for (a node, a model server, a canary pair, …),
 * each with the subjects its series come from, the label values that select it, and the Fleet
 * objects its knobs are read from.
 */
export interface SignalProvider {
  /** Who provides the signals, for notes: "llama.cpp server", "Raspberry Pi 5". */
  title: string
  /** The source, or null when the signal does not apply at all (a node without a GPU has no XID). */
  source(signal: string): SignalSource | null
}

/** One scrape target (or pushed group) whose series a rule reads. */
export interface Subject {
  /** Target labels per the label contract, plus the label that identifies the entity. */
  labels: Record<string, string>
  /** The job, when the subject itself fixes it (exporter targets, probes, pushed drift metrics). */
  job?: string
  node?: FleetNode
  server?: ModelServer
  provider?: SignalProvider
}

export interface Selector {
  label: string
  values: string[]
}

export interface Entity {
  /** For notes and test names: a node, server, drift job, backup or endpoint name. */
  name: string
  /** `self`, or `canary` and `stable` for canary pairs. */
  members: Record<string, Subject[]>
  /** Template variables that select the entity, e.g. selector → node="pi-01". */
  selectors: Record<string, Selector>
  /** Labels signal functions aggregate by. */
  by: string[]
  owners: KnobOwners
  /** Nodes whose exporters the entity's series depend on. */
  nodes: FleetNode[]
  /** How inferwatch's own metrics reach Prometheus for this entity. */
  inferwatchMetricsVia: 'textfile' | 'pushgateway' | null
}

export const NODE_SIGNAL_NAMES = Object.keys(NODE_SIGNALS)
export const ACCELERATOR_SIGNAL_NAMES = Object.keys(ACCELERATOR_SIGNALS)
export const SERVER_SIGNAL_NAMES = Object.keys(SERVER_SIGNALS)

/** Signals each scope can resolve (canary rules read their servers' signals). */
export function signalsForScope(scope: AlertScope | RecordingScope): string[] {
  if (scope === 'server' || scope === 'runtime' || scope === 'canary') return SERVER_SIGNAL_NAMES
  if (scope === 'node') return [...NODE_SIGNAL_NAMES, ...ACCELERATOR_SIGNAL_NAMES]
  if (scope === 'hardware') return NODE_SIGNAL_NAMES
  return []
}

/** Template variables naming an entity's selectors, per scope. */
export function selectorNames(scope: AlertScope | RecordingScope): string[] {
  if (scope === 'canary') return ['canary', 'stable']
  if (['node', 'server', 'drift', 'backup', 'logging', 'runtime', 'hardware'].includes(scope)) return ['selector']
  return []
}

export function runtimeProvider(runtime: RuntimeProfile): SignalProvider {
  return {source: (signal) => runtime.signals[signal as keyof RuntimeProfile['signals']] ?? null, title: runtime.title}
}

export function hardwareProvider(hardware: HardwareProfile): SignalProvider {
  return {source: (signal) => hardware.signals[signal as keyof HardwareProfile['signals']] ?? null, title: hardware.title}
}

/** Node signals from the hardware, accelerator signals from whichever accelerator provides them. */
function nodeProvider(node: FleetNode): SignalProvider {
  const hardware = hardwareProvider(node.hardware)
  return {
    source(signal) {
      if (NODE_SIGNAL_NAMES.includes(signal)) return hardware.source(signal)
      for (const accelerator of node.accelerators) {
        const source = accelerator.signals[signal as keyof typeof accelerator.signals]
        if (source && isAvailable(source)) return source
      }
      return null
    },
    title: node.hardware.title,
  }
}

const nodeSubject = (node: FleetNode, job?: string): Subject => ({job, labels: nodeTargetLabels(node), node, provider: nodeProvider(node)})

function serverSubject(fleet: Fleet, server: ModelServer, job?: string): Subject {
  const node = nodeOf(fleet, server)
  return {job, labels: serverTargetLabels(node, server), node, provider: runtimeProvider(server.runtime), server}
}

const nodeOf = (fleet: Fleet, server: ModelServer): FleetNode => fleet.nodes.find((n) => n.name === server.node)!

const single = (label: string, value: string): Record<string, Selector> => ({selector: {label, values: [value]}})

function base(fleet: Fleet, name: string, self: Subject[], rest: Partial<Entity> = {}): Entity {
  return {by: [], inferwatchMetricsVia: null, members: {self}, name, nodes: [], owners: {fleet}, selectors: {}, ...rest}
}

const ENTITIES: Record<AlertScope | RecordingScope, (fleet: Fleet) => Entity[]> = {
  backup: (fleet) =>
    fleet.backups.map((backup) => {
      const node = fleet.nodes.find((n) => n.name === backup.node)!
      const subject: Subject = {...nodeSubject(node, EXPORTERS['node-exporter'].job), labels: {...nodeTargetLabels(node), backup: backup.name}}
      return base(fleet, backup.name, [subject], {
        by: [...NODE_LABELS, 'backup'],
        inferwatchMetricsVia: 'textfile',
        nodes: [node],
        owners: {backup, fleet, node},
        selectors: single('backup', backup.name),
      })
    }),
  canary: (fleet) => canaryPairs(fleet).map(({canary, stable}) =>
    base(fleet, canary.name, [], {
      by: serverLabels(canary.runtime),
      members: {canary: [serverSubject(fleet, canary)], stable: stable.map((s) => serverSubject(fleet, s))},
      selectors: {canary: {label: 'server', values: [canary.name]}, stable: {label: 'server', values: stable.map((s) => s.name)}},
    }),
  ),
  drift: (fleet) =>
    fleet.drift.map((drift) => {
      const server = fleet.servers.find((s) => s.name === drift.server)!
      const model = drift.model ?? (server.models.length === 1 ? server.models[0]!.name : undefined)
      const labels = driftPushLabels(nodeOf(fleet, server), server, model)
      return base(fleet, drift.name, [{job: drift.name, labels, server}], {
        inferwatchMetricsVia: 'pushgateway',
        owners: {drift, fleet, server},
        selectors: single('job', drift.name),
      })
    }),
  fleet: (fleet) => [base(fleet, fleet.name, [{labels: {}}])],
  hardware: (fleet) =>
    [...new Set(fleet.nodes.map((n) => n.hardware.id))].sort().map((id) =>
      base(fleet, HARDWARE[id].title, [{labels: {}, provider: hardwareProvider(HARDWARE[id])}], {
        by: [...NODE_LABELS],
        nodes: fleet.nodes.filter((n) => n.hardware.id === id),
        selectors: single('hardware', id),
      }),
    ),
  logging: (fleet) =>
    fleet.logging
      ? fleet.nodes.map((node) =>
          base(fleet, node.name, [nodeSubject(node, SERVICE_JOBS.fluentBit)], {by: [...NODE_LABELS], nodes: [node], owners: {fleet, node}, selectors: single('node', node.name)}),
        )
      : [],
  node: (fleet) =>
    fleet.nodes.map((node) =>
      base(fleet, node.name, [nodeSubject(node)], {
        by: [...NODE_LABELS],
        inferwatchMetricsVia: 'textfile',
        nodes: [node],
        owners: {fleet, node},
        selectors: single('node', node.name),
      }),
    ),
  runtime: (fleet) =>
    [...new Set(fleet.servers.filter((s) => s.metrics !== null).map((s) => s.runtime.id))].sort().map((id) =>
      base(fleet, RUNTIMES[id].title, [{labels: {}, provider: runtimeProvider(RUNTIMES[id])}], {by: serverLabels(RUNTIMES[id]), selectors: single('runtime', id)}),
    ),
  server: (fleet) =>
    fleet.servers.map((server) =>
      base(fleet, server.name, [serverSubject(fleet, server)], {
        by: serverLabels(server.runtime),
        nodes: [nodeOf(fleet, server)],
        owners: {fleet, node: nodeOf(fleet, server), server},
        selectors: single('server', server.name),
      }),
    ),
  target: (fleet) => [
    ...fleet.nodes.flatMap((node) =>
      node.exporters
        .filter((e) => e.id !== 'node-exporter')
        .map((e) => base(fleet, `${node.name} ${EXPORTERS[e.id].job}`, [nodeSubject(node, EXPORTERS[e.id].job)], {nodes: [node]})),
    ),
    ...fleet.servers
      .filter((s) => s.metrics !== null)
      .map((s) => base(fleet, `${s.name} ${modelServerJob(s.runtime.id)}`, [serverSubject(fleet, s, modelServerJob(s.runtime.id))], {nodes: [nodeOf(fleet, s)]})),
  ],
  tls: (fleet) =>
    fleet.servers
      .filter((s) => s.scheme === 'https')
      .map((s) => base(fleet, s.name, [serverSubject(fleet, s, SERVICE_JOBS.tlsProbe)], {nodes: [nodeOf(fleet, s)]})),
}

export function entitiesOf(scope: AlertScope | RecordingScope, fleet: Fleet): Entity[] {
  return ENTITIES[scope](fleet)
}

/**
 * Canary servers with the stable servers of the same model. Only single-model servers carry the
 * `model` and `stage` target labels the comparison matches on.
 */
export function canaryPairs(fleet: Fleet): {canary: ModelServer; model: string; stable: ModelServer[]}[] {
  const onlyModel = (s: ModelServer) => (s.models.length === 1 ? s.models[0]! : undefined)
  return fleet.servers
    .filter((s) => onlyModel(s)?.stage === 'canary')
    .map((canary) => {
      const model = onlyModel(canary)!.name
      return {canary, model, stable: fleet.servers.filter((s) => onlyModel(s)?.name === model && onlyModel(s)?.stage === 'stable')}
    })
}

/** Why a metric cannot be read for this entity (its exporter or collector is off), or undefined. */
export function missingMetricSource(entity: Entity, metric: string): string | undefined {
  const fact = metricFact(metric)
  if (!fact) return undefined
  if ((NODE_EXPORTER_IDS as readonly string[]).includes(fact.source) && entity.nodes.length > 0) {
    const id = fact.source as NodeExporterId
    if (!entity.nodes.some((n) => n.exporters.some((e) => e.id === id))) return `${EXPORTERS[id].title} is not enabled there (it provides ${metric})`
  }
  if (fact.source === 'inferwatch' && entity.inferwatchMetricsVia === 'textfile' && entity.nodes.every((n) => n.textfileDirectory === null)) {
    return `the node_exporter textfile collector is disabled there (it publishes ${metric})`
  }
  return undefined
}
