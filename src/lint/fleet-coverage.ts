import {readFile} from 'node:fs/promises'

import {locate, parseYaml} from '../load/yaml-source.js'
import type {Fleet} from '../normalize/fleet-model.js'
import type {LintFacts} from './context.js'
import type {Finding} from './finding.js'

/** Fleet nodes that no linted scrape target names (by address host or `node` label). */
export async function nodesWithoutTargets(fleetFile: string, fleet: Fleet, facts: LintFacts): Promise<Omit<Finding, 'severity'>[]> {
  if (facts.targets.length === 0) return []
  const hosts = new Set(facts.targets.map((t) => t.address.replace(/:\d+$/, '').replace(/^\[|\]$/g, '')))
  const labelled = new Set(facts.targets.map((t) => t.labels.node).filter((n): n is string => n !== undefined))
  const parsed = parseYaml(fleetFile, await readFile(fleetFile, 'utf8'))
  const specNodes = parsed.ok ? ((parsed.value as {nodes?: {name?: string}[]}).nodes ?? []) : []
  const out: Omit<Finding, 'severity'>[] = []
  for (const node of fleet.nodes) {
    if (labelled.has(node.name) || hosts.has(node.address) || hosts.has(node.name)) continue
    const index = specNodes.findIndex((n) => n.name === node.name)
    const {line, col} = parsed.ok && index >= 0 ? locate(parsed.source, ['nodes', index, 'name']) : {col: 1, line: 1}
    out.push({check: 'fleet/node-without-target', col, file: fleetFile, line, message: `node ${node.name} (${node.address}) is in no scrape target of the linted configs`, offset: 0, path: ''})
  }
  return out
}
