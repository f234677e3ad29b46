import {
  ACCELERATOR_SIGNALS,
  EXPORTERS,
  HARDWARE,
  NODE_EXPORTER_IDS,
  NODE_SIGNALS,
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
  labels: Readonly<Record<string, string>>
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

export interface ClassMatcher {
  label: string
  value: string
}

export interface Entity {
  /** For notes and test names: a node, server, drift job, backup or endpoint name. */
  name: string
  /** `self`, or `canary` and `stable` for canary pairs. */
  members: Record<string, Subject[]>
  /** Template variables that select the entity, e.g. selector → node="pi-01". */
  selectors: Record<string, Selector>
  /**
   * Per selector, the label-contract class the entity belongs to (`hardware="raspberry-pi-5"`,
   * `runtime="vllm"`, `stage="canary"`), or null when every entity of the scope shares it (drift
   * jobs, backups): entities with the same thresholds are selected by their class, so a rule's
   * selector does not grow with the fleet (selections.ts).
   */
  classes: Record<string, ClassMatcher | null>
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

/**
 * One provider per profile (and per hardware-and-accelerators combination): entities of the same
 * kind share it, so what is derived from a provider is computed once, not once per entity.
 */
const providers = new Map<string, SignalProvider>()
function sharedProvider(key: string, make: () => SignalProvider): SignalProvider {
  let provider = providers.get(key)
  if (!provider) providers.set(key, (provider = make()))
  return provider
}

/**
 * One profile per runtime the fleet runs. Where some of a runtime's servers ship their logs and others
 * do not, the profile with the log-derived signals wins: its rules select by runtime, and servers
 * without those series simply never match.
 */
function fleetRuntimes(fleet: Fleet): RuntimeProfile[] {
  const available = (runtime: RuntimeProfile) => Object.values(runtime.signals).filter(isAvailable).length
  const chosen = new Map<string, RuntimeProfile>()
  for (const {runtime} of fleet.servers) {
    if (available(runtime) === 0) continue
    const held = chosen.get(runtime.id)
    if (!held || available(runtime) > available(held)) chosen.set(runtime.id, runtime)
  }
  return [...chosen.values()].sort((a, b) => (a.id < b.id ? -1 : 1))
}

export function runtimeProvider(runtime: RuntimeProfile): SignalProvider {
  // The same runtime differs between fleets (log-derived signals exist only where logs are shipped): the key says which it is.
  const missing = Object.entries(runtime.signals)
    .filter(([, source]) => !isAvailable(source))
    .map(([signal]) => signal)
    .join(',')
  return sharedProvider(`runtime:${runtime.id}:${missing}`, () => ({source: (signal) => runtime.signals[signal as keyof RuntimeProfile['signals']] ?? null, title: runtime.title}))
}

export function hardwareProvider(hardware: HardwareProfile): SignalProvider {
  return sharedProvider(`hardware:${hardware.id}`, () => ({source: (signal) => hardware.signals[signal as keyof HardwareProfile['signals']] ?? null, title: hardware.title}))
}

function nodeProvider(node: FleetNode): SignalProvider {
  return sharedProvider(`node:${node.hardware.id}:${node.accelerators.map((a) => a.id).join(',')}`, () => makeNodeProvider(node))
}

/** Node signals from the hardware, accelerator signals from whichever accelerator provides them. */
function makeNodeProvider(node: FleetNode): SignalProvider {
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

/** Job-less subjects by server, shared: a canary's stable servers are the same objects for every canary of the model. */
const subjects = new WeakMap<ModelServer, Subject>()

function serverSubject(fleet: Fleet, server: ModelServer, job?: string): Subject {
  if (job === undefined) {
    const shared = subjects.get(server)
    if (shared) return shared
  }
  const node = nodeOf(fleet, server)
  const subject: Subject = {job, labels: serverTargetLabels(node, server), node, provider: runtimeProvider(server.runtime), server}
  if (job === undefined) subjects.set(server, subject)
  return subject
}

/** Nodes and servers by name, indexed once per Fleet: a find() per entity would make entities quadratic in the fleet. */
const indexes = new WeakMap<Fleet, {nodes: Map<string, FleetNode>; servers: Map<string, ModelServer>}>()
function indexOf(fleet: Fleet) {
  let index = indexes.get(fleet)
  if (!index) {
    index = {nodes: new Map(fleet.nodes.map((n) => [n.name, n])), servers: new Map(fleet.servers.map((s) => [s.name, s]))}
    indexes.set(fleet, index)
  }
  return index
}
const nodeByName = (fleet: Fleet, name: string): FleetNode => indexOf(fleet).nodes.get(name)!
const serverByName = (fleet: Fleet, name: string): ModelServer => indexOf(fleet).servers.get(name)!
const nodeOf = (fleet: Fleet, server: ModelServer): FleetNode => nodeByName(fleet, server.node)

const single = (label: string, value: string): Record<string, Selector> => ({selector: {label, values: [value]}})
const classOf = (label: string, value: string): Record<string, ClassMatcher> => ({selector: {label, value}})
/** Drift jobs and backups have no label-contract class: their series come only from inferwatch's own jobs. */
const UNIVERSAL: Record<string, null> = {selector: null}

function base(fleet: Fleet, name: string, self: Subject[], rest: Partial<Entity> = {}): Entity {
  return {by: [], classes: {}, inferwatchMetricsVia: null, members: {self}, name, nodes: [], owners: {fleet}, selectors: {}, ...rest}
}

const ENTITIES: Record<AlertScope | RecordingScope, (fleet: Fleet) => Entity[]> = {
  backup: (fleet) =>
    fleet.backups.map((backup) => {
      const node = nodeByName(fleet, backup.node)
      const subject: Subject = {...nodeSubject(node, EXPORTERS['node-exporter'].job), labels: {...nodeTargetLabels(node), backup: backup.name}}
      return base(fleet, backup.name, [subject], {
        by: [...NODE_LABELS, 'backup'],
        classes: UNIVERSAL,
        inferwatchMetricsVia: 'textfile',
        nodes: [node],
        owners: {backup, fleet, node},
        selectors: single('backup', backup.name),
      })
    }),
  canary: (fleet) => {
    const stableSubjects = new Map<readonly ModelServer[], Subject[]>()
    const stableOf = (stable: ModelServer[]) => {
      let list = stableSubjects.get(stable)
      if (!list) stableSubjects.set(stable, (list = stable.map((s) => serverSubject(fleet, s))))
      return list
    }
    return canaryPairs(fleet).map(({canary, stable}) =>
    base(fleet, canary.name, [], {
      by: serverLabels(canary.runtime),
      classes: {canary: {label: 'stage', value: 'canary'}, stable: {label: 'stage', value: 'stable'}},
      members: {canary: [serverSubject(fleet, canary)], stable: stableOf(stable)},
      selectors: {canary: {label: 'server', values: [canary.name]}, stable: {label: 'server', values: stable.map((s) => s.name)}},
    }),
    )
  },
  drift: (fleet) =>
    fleet.drift.map((drift) => {
      const server = serverByName(fleet, drift.server)
      const model = drift.model ?? (server.models.length === 1 ? server.models[0]!.name : undefined)
      const labels = driftPushLabels(nodeOf(fleet, server), server, model)
      return base(fleet, drift.name, [{job: drift.name, labels, server}], {
        classes: UNIVERSAL,
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
        classes: classOf('hardware', id),
        nodes: fleet.nodes.filter((n) => n.hardware.id === id),
        selectors: single('hardware', id),
      }),
    ),
  logging: (fleet) =>
    fleet.logging
      ? fleet.nodes.map((node) =>
          base(fleet, node.name, [nodeSubject(node, SERVICE_JOBS.fluentBit)], {
            by: [...NODE_LABELS],
            classes: classOf('hardware', node.hardware.id),
            nodes: [node],
            owners: {fleet, node},
            selectors: single('node', node.name),
          }),
        )
      : [],
  node: (fleet) =>
    fleet.nodes.map((node) =>
      base(fleet, node.name, [nodeSubject(node)], {
        by: [...NODE_LABELS],
        classes: classOf('hardware', node.hardware.id),
        inferwatchMetricsVia: 'textfile',
        nodes: [node],
        owners: {fleet, node},
        selectors: single('node', node.name),
      }),
    ),
  // The fleet's resolved profiles: signals a runtime takes from its logs exist only where the fleet ships them.
  runtime: (fleet) =>
    fleetRuntimes(fleet)
      .map((runtime) =>
        base(fleet, runtime.title, [{labels: {}, provider: runtimeProvider(runtime)}], {
          by: serverLabels(runtime),
          classes: classOf('runtime', runtime.id),
          selectors: single('runtime', runtime.id),
        }),
      ),
  server: (fleet) =>
    fleet.servers.map((server) =>
      base(fleet, server.name, [serverSubject(fleet, server)], {
        by: serverLabels(server.runtime),
        classes: classOf('runtime', server.runtime.id),
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

/** Entities by Fleet and scope: every alert of a scope reads the same ones. */
const entityCache = new WeakMap<Fleet, Map<string, Entity[]>>()

export function entitiesOf(scope: AlertScope | RecordingScope, fleet: Fleet): Entity[] {
  let byScope = entityCache.get(fleet)
  if (!byScope) entityCache.set(fleet, (byScope = new Map()))
  let entities = byScope.get(scope)
  if (!entities) byScope.set(scope, (entities = ENTITIES[scope](fleet)))
  return entities
}

/**
 * Canary servers with the stable servers of the same model. Only single-model servers carry the
 * `model` and `stage` target labels the comparison matches on.
 */
export function canaryPairs(fleet: Fleet): {canary: ModelServer; model: string; stable: ModelServer[]}[] {
  const onlyModel = (s: ModelServer) => (s.models.length === 1 ? s.models[0]! : undefined)
  const stableByModel = new Map<string, ModelServer[]>()
  for (const server of fleet.servers) {
    const model = onlyModel(server)
    if (model?.stage !== 'stable') continue
    const list = stableByModel.get(model.name)
    if (list) list.push(server)
    else stableByModel.set(model.name, [server])
  }
  return fleet.servers
    .filter((s) => onlyModel(s)?.stage === 'canary')
    .map((canary) => {
      const model = onlyModel(canary)!.name
      return {canary, model, stable: stableByModel.get(model) ?? []}
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
