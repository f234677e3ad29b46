import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'

import {INHIBITING_ALERTS, SEVERITY_PAIRS} from '../../src/generators/alertmanager/inhibit-rules.js'
import {PACKAGE_ROOT} from '../../src/package-root.js'

/** Alert name → severity, read straight from the rule catalog data the rules generator instantiates. */
function catalogSeverities(): Map<string, string> {
  const dir = join(PACKAGE_ROOT, 'rules', 'alerts')
  const severities = new Map<string, string>()
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yml')).sort()) {
    const {alerts} = parse(readFileSync(join(dir, file), 'utf8')) as {alerts: Array<{alert: string; severity: string}>}
    for (const {alert, severity} of alerts) severities.set(alert, severity)
  }
  return severities
}

describe('inhibit rules agree with the rule catalog', () => {
  const severities = catalogSeverities()

  it('names alerts that exist, with the severity the inhibition assumes', () => {
    for (const name of Object.values(INHIBITING_ALERTS)) expect(severities.get(name), name).toBe('critical')
    for (const pair of SEVERITY_PAIRS) {
      expect(severities.get(pair.critical), pair.critical).toBe('critical')
      for (const warning of pair.warnings) expect(severities.get(warning), warning).toBe('warning')
    }
  })

  it('pairs every <Name>Critical alert with its <Name>Warning', () => {
    const paired = new Set(SEVERITY_PAIRS.flatMap((p) => p.warnings.map((w) => `${p.critical}>${w}`)))
    const stems = [...severities.keys()].flatMap((name) => /^(.+)Critical$/.exec(name)?.[1] ?? [])
    for (const stem of stems.filter((s) => severities.has(`${s}Warning`))) expect(paired.has(`${stem}Critical>${stem}Warning`), stem).toBe(true)
  })
})
