import {isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq} from 'yaml'

import {scalarText, type EmbeddedText} from './embedded-text.js'

/** Small readers over yaml's node tree: lint needs values and where they are, never plain data. */
export type YamlNode = Node | null | undefined

export function asMap(node: unknown): YAMLMap<Scalar, Node> | undefined {
  return isMap(node) ? (node as YAMLMap<Scalar, Node>) : undefined
}

export function asSeq(node: unknown): YAMLSeq<Node> | undefined {
  return isSeq(node) ? (node as YAMLSeq<Node>) : undefined
}

export function pairOf(node: unknown, key: string): Pair<Scalar, Node> | undefined {
  const map = asMap(node)
  return map?.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === key) as Pair<Scalar, Node> | undefined
}

export function get(node: unknown, key: string): Node | undefined {
  return (pairOf(node, key)?.value ?? undefined) as Node | undefined
}

/** A scalar's value as text (numbers and booleans too); undefined for maps, lists and null. */
export function str(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined
  return String(node.value)
}

export function items(node: unknown): Node[] {
  return (asSeq(node)?.items ?? []) as Node[]
}

export function entries(node: unknown): {key: string; keyNode: Scalar; value: Node | null}[] {
  const map = asMap(node)
  if (!map) return []
  return map.items.filter((pair) => isScalar(pair.key)).map((pair) => ({key: String((pair.key as Scalar).value), keyNode: pair.key as Scalar, value: (pair.value ?? null) as Node | null}))
}

export function keys(node: unknown): string[] {
  return entries(node).map((e) => e.key)
}

export function startOf(node: unknown, fallback = 0): number {
  return (node as Node | undefined)?.range?.[0] ?? fallback
}

/** The text of a string scalar with file positions, or undefined when the node is not a scalar. */
export function scalarOf(node: unknown, source: string): EmbeddedText | undefined {
  if (!isScalar(node) || node.value === null || typeof node.value === 'object') return undefined
  return scalarText(node, source)
}
