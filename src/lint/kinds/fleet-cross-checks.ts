import {metricFact, RUNTIME_IDS} from '../../catalog/index.js'
import type {Report} from '../context.js'
import type {EmbeddedText} from '../embedded-text.js'
import type {Matcher} from '../promql/matchers.js'
import type {UnitContext} from '../unit.js'

/** `node="x"` / `server=~"a|b"` in a query: each value must be a node or server of the --fleet. */
export function checkFleetSelector(ctx: UnitContext, matchers: readonly Matcher[], expr: EmbeddedText): void {
  const fleet = ctx.facts.fleet
  if (!fleet) return
  const known = {node: new Set(fleet.nodes.map((n) => n.name)), server: new Set(fleet.servers.map((s) => s.name))}
  for (const m of matchers) {
    if ((m.label !== 'node' && m.label !== 'server') || (m.op !== '=' && m.op !== '=~')) continue
    const values = m.op === '=' ? [m.value] : /^[\w.-]+(\|[\w.-]+)*$/.test(m.value) ? m.value.split('|') : []
    for (const value of values) {
      if (!known[m.label].has(value)) ctx.reportAt('fleet/unknown-server', expr.at(m.valueFrom), `the fleet has no ${m.label} "${value}"`)
    }
  }
}

/** A metric of a runtime no server of the --fleet runs: the rule can never fire. */
export function checkFleetRuntime(ctx: UnitContext, name: string | undefined, expr: EmbeddedText, report: Report): void {
  const fleet = ctx.facts.fleet
  if (!fleet || !name) return
  const source = metricFact(name.replace(/_(bucket|sum|count)$/, ''))?.source ?? metricFact(name)?.source
  if (!source || !(RUNTIME_IDS as readonly string[]).includes(source)) return
  if (fleet.servers.some((s) => s.runtime.id === source)) return
  report('fleet/runtime-not-in-fleet', expr.at(0), `${name} comes from ${source}, which no server of fleet "${fleet.name}" runs`)
}
