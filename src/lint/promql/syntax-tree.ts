import {parser} from '@prometheus-io/lezer-promql'
import type {SyntaxNode, Tree} from '@lezer/common'

import {parseDuration} from '../../schema/primitives.js'

/**
 * The lezer tree of an expression (the grammar src/promql/parse.ts uses), with small helpers to
 * read it. Lint walks the tree itself because it needs node positions and types, not just names.
 */
export function parsePromqlTree(expr: string): Tree {
  return parser.parse(expr)
}

export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = []
  for (let child = node.firstChild; child; child = child.nextSibling) out.push(child)
  return out
}

/** Expression children, skipping operator tokens and modifiers. */
export function operands(node: SyntaxNode): SyntaxNode[] {
  return children(node).filter((c) => EXPRESSION_NODES.has(c.name) || c.type.isError)
}

export const EXPRESSION_NODES = new Set([
  'AggregateExpr',
  'BinaryExpr',
  'FunctionCall',
  'MatrixSelector',
  'NumberDurationLiteral',
  'OffsetExpr',
  'ParenExpr',
  'StepInvariantExpr',
  'StringLiteral',
  'SubqueryExpr',
  'UnaryExpr',
  'VectorSelector',
])

export function unwrapParens(node: SyntaxNode): SyntaxNode {
  let current = node
  while (current.name === 'ParenExpr') {
    const inner = operands(current)[0]
    if (!inner) break
    current = inner
  }
  return current
}

/** Decodes a PromQL string literal ("…", '…' or `…`). */
export function stringLiteralValue(raw: string): string {
  const quote = raw[0]
  const body = raw.slice(1, raw.endsWith(quote ?? '') && raw.length > 1 ? -1 : undefined)
  if (quote === '`') return body
  return body.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[0-7]{3}|.)/g, (_, e: string) => {
    if (/^[uUx]/.test(e)) return String.fromCodePoint(Number.parseInt(e.slice(1), 16))
    if (/^[0-7]{3}$/.test(e)) return String.fromCodePoint(Number.parseInt(e, 8))
    return ({a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v'} as Record<string, string>)[e] ?? e
  })
}

/** Milliseconds of a Prometheus duration (`1h30m`, `500ms`, or plain seconds), or undefined. */
export function durationMs(text: string): number | undefined {
  const trimmed = text.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000
  const seconds = parseDuration(trimmed)
  return seconds === undefined ? undefined : Math.round(seconds * 1000)
}

export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`
  if (ms % 60_000 === 0) return `${ms / 60_000}m`
  if (ms % 1000 === 0) return `${ms / 1000}s`
  return `${ms}ms`
}
