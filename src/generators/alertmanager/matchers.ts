/** Alertmanager matcher strings (the `matchers:` syntax, not the deprecated match/match_re maps). */

/** Quotes a label value the way Alertmanager's matcher parser unquotes it. */
function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`
}

export function labelEquals(name: string, value: string): string {
  return `${name}=${quote(value)}`
}

export function labelNotEquals(name: string, value: string): string {
  return `${name}!=${quote(value)}`
}

/** An anchored regex matcher for any of these exact values (Alertmanager anchors matcher regexes itself). */
export function labelMatchesOneOf(name: string, values: readonly string[]): string {
  if (values.length === 1) return labelEquals(name, values[0]!)
  const alternatives = values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return `${name}=~${quote(alternatives.join('|'))}`
}
