import {join} from 'node:path'

import {InputError} from '../../diagnostics/diagnostic.js'
import type {Fleet} from '../../normalize/fleet-model.js'
import {PACKAGE_ROOT} from '../../package-root.js'
import type {Generator, GeneratorOutput} from '../types.js'
import {instantiateRules, type RuleSet} from './instantiate.js'
import {loadRuleCatalog, type RuleCatalogResult} from './load-rule-catalog.js'
import {precompiledCatalog} from './precompiled-catalog.js'
import type {AlertRule} from './instantiate.js'
import {MIMIR_RULER_FILE, renderAlertFile, renderMimirRulerFile, renderRecordingFile, renderTestFile, rulerNamespace, TESTS_DIR} from './rule-files.js'

export {instantiateRules, type AlertRule, type RecordingRule, type RuleSet} from './instantiate.js'
export {RECORDED} from './recording-names.js'
export {loadRuleCatalog} from './load-rule-catalog.js'

export const BUNDLED_RULES_DIR = join(PACKAGE_ROOT, 'rules')

/**
 * The bundled catalog is package data, read once when the module loads (like importing a JSON
 * module), so generate() itself stays free of I/O. A broken catalog is reported when a fleet is
 * generated, with file:line:col for every problem.
 */
const precompiled = precompiledCatalog(BUNDLED_RULES_DIR)
const bundled: RuleCatalogResult = precompiled ? {catalog: precompiled, ok: true} : loadRuleCatalog([BUNDLED_RULES_DIR])

/** Names of the bundled catalog's alerts, for checking the fleet's `defaults.alerts` keys. */
export const bundledAlertNames = (): string[] => (bundled.ok ? [...new Set(bundled.catalog.alerts.map((a) => a.spec.alert))].sort() : [])
/** Rule sets by catalog and Fleet: rules, runbooks and dashboards all read them, and instantiating is the costly part. */
const instantiated = new WeakMap<RuleCatalogResult, WeakMap<Fleet, RuleSet>>()

/** Instantiates the bundled rule catalog for a fleet, for generators that describe alerts (runbooks, dashboards). */
export function fleetRules(fleet: Fleet, catalog: RuleCatalogResult = bundled): RuleSet {
  if (!catalog.ok) throw new InputError(catalog.diagnostics)
  let byFleet = instantiated.get(catalog)
  if (!byFleet) instantiated.set(catalog, (byFleet = new WeakMap()))
  let rules = byFleet.get(fleet)
  if (!rules) byFleet.set(fleet, (rules = instantiateRules(fleet, catalog.catalog)))
  return rules
}

export function createPrometheusRulesGenerator(catalog: RuleCatalogResult): Generator {
  return {
    generate: (fleet) => renderRules(fleet, fleetRules(fleet, catalog)),
    id: 'prometheus-rules',
    title: 'Prometheus recording rules, alerting rules and their unit tests',
  }
}

export const prometheusRulesGenerator = createPrometheusRulesGenerator(bundled)

/**
 * One rule file (and group, and test file) per catalog area, and one more, `<area>-missing`, for
 * an area's missing-series alerts: those name every entity (see instantiate.ts), so they cost far
 * more to evaluate than the area's shared threshold rules. In a group of their own they never
 * delay the threshold alerts (Prometheus evaluates groups concurrently), and the threshold tests
 * do not pay for them at every step.
 */
function ruleFiles(rules: RuleSet): {area: string; alerts: AlertRule[]; siblings: AlertRule[]}[] {
  const areas = [...new Set(rules.alerts.map((a) => a.area))]
  return areas.flatMap((area) => {
    const siblings = rules.alerts.filter((a) => a.area === area)
    const threshold = siblings.filter((a) => a.absentSeries === undefined)
    const missing = siblings.filter((a) => a.absentSeries !== undefined)
    return [
      ...(threshold.length > 0 ? [{alerts: threshold, area, siblings}] : []),
      ...(missing.length > 0 ? [{alerts: missing, area: `${area}-missing`, siblings}] : []),
    ]
  })
}

function renderRules(fleet: Fleet, rules: RuleSet): GeneratorOutput {
  const byFile = ruleFiles(rules)
  const files = [
    renderRecordingFile(fleet, rules.recording),
    ...byFile.flatMap(({alerts, area, siblings}) => [renderAlertFile(fleet, area, alerts), renderTestFile(fleet, area, alerts, rules.recording, siblings)]),
  ]
  const mimir = mimirRuler(fleet)
  if (mimir) files.push(renderMimirRulerFile(fleet, byFile.map(({alerts, area}) => [area, alerts] as [string, AlertRule[]])))
  return {files, notes: [...rules.notes, ...guidance(fleet)]}
}

/** The Mimir remote-write target whose ruler evaluates the alerts, when the Prometheus servers do not (shards, agents). */
function mimirRuler(fleet: Fleet) {
  if (fleet.prometheus.shards <= 1 && fleet.prometheus.mode !== 'agent') return undefined
  return fleet.prometheus.remoteWrite.find((target) => target.kind === 'mimir')
}

function guidance(fleet: Fleet): string[] {
  const notes = [`Every alert has a promtool unit test that fires it past its threshold and keeps it silent just inside: run \`promtool test rules ${TESTS_DIR}/*.yml\` in CI.`]
  if (fleet.prometheus.mode === 'agent') {
    notes.push('Prometheus runs in agent mode and evaluates no rules: load prometheus/rules/*.yml into the ruler of the store it writes to (Mimir ruler, Thanos Ruler, vmalert).')
  }
  const mimir = mimirRuler(fleet)
  if (mimir) {
    const address = new URL(mimir.url).origin
    const tenant = mimir.tenant ? ` --id=${mimir.tenant}` : ''
    notes.push(
      `The Mimir ruler evaluates the alerts over the whole fleet: \`mimirtool rules load --address=${address}${tenant} ${MIMIR_RULER_FILE}\` (namespace ${rulerNamespace(fleet)}; \`mimirtool rules lint\` and \`mimirtool rules diff\` check it first). The recording rules run on the Prometheus servers and reach Mimir through remote_write.`,
    )
  }
  for (const backup of fleet.backups) {
    const node = fleet.nodes.find((n) => n.name === backup.node)
    const where = node?.textfileDirectory ? ` into ${node.textfileDirectory}/inferwatch_backup_${backup.name}.prom` : ''
    notes.push(
      `Backup "${backup.name}" on ${backup.node}: after each successful run, write \`inferwatch_backup_last_success_timestamp_seconds{backup="${backup.name}"} <unix seconds>\`${where} (write a temporary file, then rename it); BackupTooOld fires when it is older than ${backup.maxAge}, or has been missing for ${backup.maxAge}.`,
    )
  }
  return notes
}
