import type {LintFacts} from '../context.js'
import type {LintUnit, UnitContext} from '../unit.js'
import {entries, get, items, str} from '../yaml-nodes.js'

/** file_sd target files: their labels are target labels queries may match on. */
export function collectFileSdFacts(unit: LintUnit, facts: LintFacts): void {
  for (const group of items(unit.root)) {
    const labels = Object.fromEntries(entries(get(group, 'labels')).map((e) => [e.key, str(e.value) ?? '']))
    for (const label of Object.keys(labels)) if (!label.startsWith('__')) facts.targetLabels.add(label)
    for (const target of items(get(group, 'targets'))) {
      const address = str(target)
      if (address) facts.targets.push({address, labels})
    }
  }
}

export function checkFileSd(ctx: UnitContext): void {
  const seen = new Set<string>()
  for (const group of items(ctx.unit.root)) {
    for (const target of items(get(group, 'targets'))) {
      const address = str(target)
      if (!address) continue
      if (seen.has(address)) ctx.report('prometheus/duplicate-target', target, `${address} is listed twice in this file_sd file`)
      seen.add(address)
    }
  }
}
