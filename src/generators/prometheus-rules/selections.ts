import type {Entity} from './entities.js'
import {escapeRegex, matcherFor, quote} from './promql.js'

/**
 * How a rule selects its entities without naming them: by their label-contract class
 * (`runtime=~"ollama|vllm"`, `hardware="raspberry-pi-5"`, `stage="canary"`, or nothing at all for
 * drift jobs and backups), minus the entities of the class that have thresholds of their own, which
 * are named (`server!~"llama-07|llama-12"`) and selected by their own rule. A 10,000-node fleet with
 * the variety of a 10-node one thus gets selectors of the same size; only overrides add names.
 */
export interface Selection {
  /** Matcher text per template selector (`selector`, or `canary` and `stable`); '' selects everything. */
  matchers: Record<string, string>
  /** The entities it selects, in fleet order; the first represents them in the unit tests. */
  entities: Entity[]
  /** Entities its class matcher would also select, excluded by name: they belong to other variants. */
  excluded: Entity[]
}

/**
 * `branches`: an alert's entities grouped into variants (same thresholds, same PromQL apart from the
 * selectors), in fleet order. Returns each branch's selections: one for the classes it owns (the
 * branch with most entities of a class owns it), plus one naming its entities of classes owned by
 * another branch. Scopes with several selectors (canary pairs) use their classes when the alert has
 * a single variant, and names otherwise.
 */
export function selectionsFor(branches: readonly (readonly Entity[])[]): Selection[][] {
  const first = branches[0]?.[0]
  if (!first) return []
  const names = Object.keys(first.selectors)
  if (names.length === 0) return branches.map((entities) => [{entities: [...entities], excluded: [], matchers: {}}])
  const classified = branches.every((b) => b.every((e) => names.every((n) => e.classes[n] !== undefined)))
  if (!classified) return branches.map((entities) => [named(entities)])
  if (names.length > 1) {
    if (branches.length > 1) return branches.map((entities) => [named(entities)])
    const entities = branches[0]!
    const matchers = Object.fromEntries(names.map((n) => [n, classMatcher(entities.map((e) => e.classes[n] ?? null))]))
    return [[{entities: [...entities], excluded: [], matchers}]]
  }
  return byClass(branches, names[0]!)
}

/** The old way, for what has no class: every entity's own value (`server=~"a|b"`). */
function named(entities: readonly Entity[]): Selection {
  const names = Object.keys(entities[0]!.selectors)
  const matchers = Object.fromEntries(
    names.map((n) => [n, matcherFor(entities[0]!.selectors[n]!.label, entities.flatMap((e) => e.selectors[n]!.values))]),
  )
  return {entities: [...entities], excluded: [], matchers}
}

const classKey = (entity: Entity, name: string): string => entity.classes[name]?.value ?? ''

function byClass(branches: readonly (readonly Entity[])[], name: string): Selection[][] {
  const counts = new Map<string, number[]>()
  branches.forEach((entities, i) => {
    for (const entity of entities) {
      const key = classKey(entity, name)
      const row = counts.get(key) ?? branches.map(() => 0)
      row[i]!++
      counts.set(key, row)
    }
  })
  const owner = new Map<string, number>()
  for (const [key, row] of counts) owner.set(key, row.indexOf(Math.max(...row)))
  return branches.map((entities, i) => {
    const owned = new Set([...owner].filter(([, o]) => o === i).map(([key]) => key))
    const mine = entities.filter((e) => owned.has(classKey(e, name)))
    const strays = entities.filter((e) => !owned.has(classKey(e, name)))
    const selections: Selection[] = []
    if (mine.length > 0) {
      const excluded = branches.flatMap((other, j) => (j === i ? [] : other.filter((e) => owned.has(classKey(e, name)))))
      const nameLabel = mine[0]!.selectors[name]!.label
      const parts = [
        classMatcher(mine.map((e) => e.classes[name] ?? null)),
        excluded.length > 0 ? notMatcherFor(nameLabel, excluded.flatMap((e) => e.selectors[name]!.values)) : '',
      ].filter((p) => p !== '')
      selections.push({entities: mine, excluded, matchers: {[name]: parts.join(',')}})
    }
    if (strays.length > 0) selections.push(named(strays))
    return selections
  })
}

/** `runtime=~"ollama|vllm"`; '' when the entities have no class (the scope's series are all theirs). */
function classMatcher(classes: readonly ({label: string; value: string} | null)[]): string {
  const present = classes.filter((c) => c !== null)
  if (present.length === 0) return ''
  return matcherFor(present[0]!.label, present.map((c) => c.value))
}

/** `server!="x"` for one value, `server!~"a|b"` for several. */
function notMatcherFor(label: string, values: readonly string[]): string {
  const unique = [...new Set(values)].sort()
  if (unique.length === 1) return `${label}!=${quote(unique[0]!)}`
  return `${label}!~${quote(unique.map(escapeRegex).join('|'))}`
}
