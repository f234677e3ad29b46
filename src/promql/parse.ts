import {parser} from '@prometheus-io/lezer-promql'

export interface PromqlAnalysis {
  /** Offsets of syntax errors; empty when the expression parses. */
  errors: {from: number; to: number}[]
  /** Metric names of every vector selector, in order of appearance, deduplicated. */
  metricNames: string[]
}

/**
 * Parses PromQL with Prometheus's own lezer grammar (the one its UI uses) rather than a hand-written
 * approximation, so generated and linted expressions are judged by the real syntax.
 */
const analyzed = new Map<string, PromqlAnalysis>()

/** Analyses by text: dashboards ask about the same catalog sources for every node. */
export function analyzePromql(expr: string): PromqlAnalysis {
  let analysis = analyzed.get(expr)
  if (!analysis) analyzed.set(expr, (analysis = analyze(expr)))
  return analysis
}

function analyze(expr: string): PromqlAnalysis {
  const tree = parser.parse(expr)
  const errors: PromqlAnalysis['errors'] = []
  const names = new Set<string>()
  const cursor = tree.cursor()
  do {
    if (cursor.type.isError) errors.push({from: cursor.from, to: cursor.to})
    if (cursor.name === 'VectorSelector') {
      const child = cursor.node.getChild('Identifier')
      if (child) names.add(expr.slice(child.from, child.to))
      // {__name__="x"} selects by name too.
      const nameMatcher = /__name__\s*=\s*"([^"]+)"/.exec(expr.slice(cursor.from, cursor.to))
      if (nameMatcher) names.add(nameMatcher[1]!)
    }
  } while (cursor.next())
  return {errors, metricNames: [...names]}
}
