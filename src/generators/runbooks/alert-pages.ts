import type {Fleet, FleetNode, ModelServer} from '../../normalize/fleet-model.js'
import {groupBy} from '../../group-by.js'
import {dashboardUid, type DashboardKind} from '../../grafana/fleet-dashboard.js'
import {alertRunbookFile, RUNBOOKS_DIR} from '../../runbooks/locations.js'
import {codeBlockText, codeSpan, escapeMarkdownInline, trusted, wrapProse} from '../../templates/markdown.js'
import {someNames} from '../../some-names.js'
import {renderMarkdownTemplate} from '../../templates/render.js'
import type {AlertRule} from '../prometheus-rules/index.js'
import type {Subject} from '../prometheus-rules/entities.js'
import type {OutputFile} from '../types.js'
import {alertGuide} from './alert-guides.js'
import {fleetContext, serverCommands} from './context.js'

/** The dashboard an alert's area is best investigated on; areas without their own fall back to the overview. */
const AREA_DASHBOARD: Record<string, {kind: DashboardKind; title: string}> = {
  canary: {kind: 'serving', title: 'Model serving'},
  drift: {kind: 'drift', title: 'Drift'},
  node: {kind: 'node', title: 'Node'},
  serving: {kind: 'serving', title: 'Model serving'},
}
/** Prose lines stay well inside markdownlint's line length. */
const PROSE_WIDTH = 100
const OVERVIEW = {kind: 'overview' as const, title: 'Fleet overview'}

export interface AlertSummary {
  name: string
  severity: string
  area: string
  summary: string
  file: string
}

/** One page per alert name; an alert instantiated with several thresholds lists each rule. */
export function renderAlertPages(fleet: Fleet, alerts: readonly AlertRule[]): {files: OutputFile[]; summaries: AlertSummary[]} {
  const byName = new Map<string, AlertRule[]>()
  for (const alert of alerts) byName.set(alert.name, [...(byName.get(alert.name) ?? []), alert])
  const files: OutputFile[] = []
  const summaries: AlertSummary[] = []
  const darwinNodes = new Set(fleet.nodes.filter((n) => n.hardware.os === 'darwin').map((n) => n.name))
  // A node's or server's diagnosis section is the same on every page that lists it: one object
  // each, so the Markdown escaping of the context (cached per object) happens once, not per page.
  for (const [name, rules] of [...byName].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const first = rules[0]!
    const nodes = involvedNodes(fleet, rules)
    const servers = involvedServers(fleet, rules)
    const dashboard = AREA_DASHBOARD[first.area] ?? OVERVIEW
    const guide = alertGuide(name)
    const context = {
      ...fleetContext(fleet),
      area: first.area,
      dashboard: {title: dashboard.title, url: trusted(`${fleet.grafana.url}/d/${dashboardUid(fleet, dashboard.kind)}`)},
      for: [...new Set(rules.map((rule) => rule.for))].join(' / '),
      hosts: diagnosisHosts(nodes, servers, darwinNodes),
      name,
      nodes: nameList('Nodes', nodes),
      remediation: guide.remediation.map((item) => trusted(wrapProse(item, PROSE_WIDTH - 2, '  '))),
      rules: rules.map((rule) => ({
        expr: codeBlockText(rule.expr),
        heading: trusted(wrapProse(describeRule(rule, rules), PROSE_WIDTH)),
      })),
      servers: nameList('Model servers', servers),
      severity: first.severity,
      sites: affectedSites(fleet, nodes, servers),
      summary: first.summary,
      why: trusted(wrapProse(guide.why, PROSE_WIDTH)),
    }
    const file = alertRunbookFile(name)
    files.push({content: renderMarkdownTemplate('runbooks/alert.md', context), path: `${RUNBOOKS_DIR}/${file}`})
    summaries.push({area: first.area, file, name, severity: first.severity, summary: first.summary})
  }
  return {files, summaries}
}

/** What one rule of the alert checks, for the line above its expression (Markdown, escaped here). */
function describeRule(rule: AlertRule, all: readonly AlertRule[]): string {
  const scope = all.length > 1 ? `For ${escapeMarkdownInline(namesOf(rule.entities))}, ` : ''
  if (rule.absentSeries) {
    const when = `when ${codeSpan(rule.absentSeries)} has been missing for ${rule.for}`
    return `${scope}${scope ? when : when.charAt(0).toUpperCase() + when.slice(1)} (the job never reported, or its series was lost):`
  }
  const threshold = `threshold ${escapeMarkdownInline(describeThreshold(rule))}`
  return `${scope}${scope ? threshold : threshold.charAt(0).toUpperCase() + threshold.slice(1)}, for ${rule.for}:`
}

/** `80 (node.temperature.critical)`; several knobs are named: `factor = 1.2 (…); points = 1 (…)`. */
function describeThreshold(rule: AlertRule): string {
  const knobs = Object.entries(rule.knobs)
  if (knobs.length === 0) return 'as written in the expression'
  if (knobs.length === 1) return `${knobs[0]![1].value} (${knobs[0]![1].path})`
  return knobs.map(([name, knob]) => `${name} = ${knob.value} (${knob.path})`).join('; ')
}

function involvedNodes(fleet: Fleet, rules: readonly AlertRule[]): FleetNode[] {
  const names = new Set(rules.flatMap((rule) => rule.entities.flatMap((entity) => entity.nodes.map((n) => n.name))))
  return fleet.nodes.filter((node) => names.has(node.name))
}

function involvedServers(fleet: Fleet, rules: readonly AlertRule[]): ModelServer[] {
  // The canaries of one model share one list of stable subjects (entities.ts): each list is read once,
  // or a fleet with hundreds of canaries and stable servers of a model would be quadratic here.
  const names = new Set<string>()
  const read = new Set<readonly Subject[]>()
  for (const rule of rules) {
    for (const entity of rule.entities) {
      for (const subjects of Object.values(entity.members)) {
        if (read.has(subjects)) continue
        read.add(subjects)
        for (const s of subjects) if (s.server) names.add(s.server.name)
      }
    }
  }
  return fleet.servers.filter((server) => names.has(server.name))
}

/** "Nodes: a, b, c." wrapped like prose, so a fleet of hundreds still passes markdownlint; null when empty. */
function nameList(label: string, items: readonly {name: string}[]) {
  if (items.length === 0) return null
  return trusted(wrapProse(`${label}: ${escapeMarkdownInline(namesOf(items))}.`, PROSE_WIDTH))
}

/**
 * A page lists at most this many names in a row, and a diagnosis section per host up to this many
 * hosts: at 10,000 nodes the pages were most of the output.
 */
const NAMES_LISTED = 30
const HOSTS_LISTED = 16

const namesOf = (items: readonly {name: string}[]): string => someNames(items.map((i) => i.name), NAMES_LISTED)

/**
 * A diagnosis section per node and server; beyond HOSTS_LISTED, one per kind of host (hardware,
 * or runtime and OS), with the commands of its first host and how many more there are.
 */
function diagnosisHosts(nodes: readonly FleetNode[], servers: readonly ModelServer[], darwinNodes: ReadonlySet<string>) {
  const server = (s: ModelServer) => serverHost(s, darwinNodes.has(s.node))
  if (nodes.length + servers.length <= HOSTS_LISTED) return [...nodes.map(nodeHost), ...servers.map(server)]
  const nodeKinds = groupBy(nodes, (n) => [n.hardware.id, ...n.accelerators.map((a) => a.id)].join('+'))
  const serverKinds = groupBy(servers, (s) => `${s.runtime.id}:${darwinNodes.has(s.node)}`)
  const alike = <H extends object>(host: H, count: number, what: string) =>
    count === 1
      ? host
      : {...host, note: trusted(wrapProse(`The same commands serve the ${count - 1} other ${what} of this kind: use the address of the one the alert names (its \`instance\` label).`, PROSE_WIDTH))}
  return [
    ...nodeKinds.map(([, group]) => alike(nodeHost(group[0]!), group.length, 'nodes')),
    ...serverKinds.map(([, group]) => alike(server(group[0]!), group.length, 'model servers')),
  ]
}

/** Sites served by the nodes or servers an alert covers: whom to tell when it fires. */
function affectedSites(fleet: Fleet, nodes: readonly FleetNode[], servers: readonly ModelServer[]): string[] {
  const nodeNames = new Set(nodes.map((n) => n.name))
  const serverNames = new Set(servers.map((s) => s.name))
  return fleet.sites
    .filter((site) => site.nodes.some((n) => nodeNames.has(n)) || site.servers.some((s) => serverNames.has(s)))
    .map((site) => (site.url ? `${site.name} (${site.url})` : site.name))
}

const nodeHosts = new WeakMap<FleetNode, ReturnType<typeof makeNodeHost>>()
function nodeHost(node: FleetNode) {
  let host = nodeHosts.get(node)
  if (!host) nodeHosts.set(node, (host = makeNodeHost(node)))
  return host
}

function makeNodeHost(node: FleetNode) {
  const commands = [
    ...node.hardware.diagnostics,
    ...node.accelerators.flatMap((a) => a.diagnostics),
    node.hardware.os === 'linux' ? 'journalctl -u prometheus-node-exporter --since "1 hour ago"' : 'brew services info node_exporter',
  ]
  return {commands: [...new Set(commands)].map(codeBlockText), title: `Node ${node.name} (${node.hardware.title}, ${node.address})`}
}

const serverHosts = new WeakMap<ModelServer, ReturnType<typeof makeServerHost>>()
function serverHost(server: ModelServer, darwin: boolean) {
  let host = serverHosts.get(server)
  if (!host) serverHosts.set(server, (host = makeServerHost(server, darwin)))
  return host
}

function makeServerHost(server: ModelServer, darwin: boolean) {
  const unit = server.runtime.systemdUnit
  const logs = darwin ? `log show --last 1h --style compact --predicate 'process CONTAINS "${unit}"'` : `journalctl -u ${unit} --since "1 hour ago"`
  const commands = [...serverCommands(server), logs]
  return {commands: commands.map(codeBlockText), title: `Model server ${server.name} (${server.runtime.title} on ${server.node})`}
}
