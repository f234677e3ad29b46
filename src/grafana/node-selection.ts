import type {FleetNode} from '../normalize/fleet-model.js'
import {anyOf, eq, type Matcher, re} from './promql.js'

/** Selects sets of a fleet's nodes (see select()). */
export interface NodeSelector {
  /**
   * Matchers that select exactly `members` of the fleet's nodes: by hardware when they are every
   * node of their hardware kinds (the usual case, and a query that does not grow with the fleet),
   * else by name.
   */
  select(members: readonly string[]): Matcher[]
  node(name: string): FleetNode
}

export function nodeSelector(nodes: readonly FleetNode[]): NodeSelector {
  const byName = new Map(nodes.map((n) => [n.name, n]))
  const perHardware = new Map<string, number>()
  for (const node of nodes) perHardware.set(node.hardware.id, (perHardware.get(node.hardware.id) ?? 0) + 1)
  return {
    node: (name) => byName.get(name)!,
    select(members) {
      const chosen = new Map<string, number>()
      for (const name of members) {
        const id = byName.get(name)!.hardware.id
        chosen.set(id, (chosen.get(id) ?? 0) + 1)
      }
      const ids = [...chosen.keys()].sort()
      if (ids.some((id) => chosen.get(id) !== perHardware.get(id))) return [re('node', anyOf(members))]
      return [ids.length === 1 ? eq('hardware', ids[0]!) : re('hardware', anyOf(ids))]
    },
  }
}
