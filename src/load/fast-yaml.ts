import jsYaml from 'js-yaml'

/**
 * The data of a YAML file, read by js-yaml, which is more than ten times faster than `yaml`'s
 * parseDocument on a 10,000-node fleet (0.15 s against 2 s on the bench machine). `yaml` stays the
 * parser of record: it alone gives positions and the error messages, so it runs when a diagnostic
 * needs a location, and whenever this returns undefined.
 *
 * Undefined means "ask `yaml`": the text uses something whose meaning the two libraries might not
 * share (aliases and merge keys, tags, directives, null keys), or js-yaml rejects it. Everything
 * else reads as `yaml` with its YAML 1.2 core schema reads it; test/load/fast-yaml.test.ts holds
 * the two to the same value on every YAML file in the repository and on a list of awkward scalars.
 */
export function fastYamlValue(text: string): unknown {
  if (NEEDS_YAML.test(text)) return undefined
  let value: unknown
  try {
    value = jsYaml.load(text, {schema: CORE_1_2})
  } catch {
    return undefined
  }
  // An alias makes js-yaml share one object between places; `yaml` counts aliases against its cap
  // on alias bombs, so any sharing goes to it.
  if (sharesObjects(value)) return undefined
  // `yaml` reads an empty document as null, js-yaml as undefined.
  return value === undefined ? null : value
}

function sharesObjects(root: unknown): boolean {
  const seen = new Set<object>()
  const stack: unknown[] = [root]
  while (stack.length > 0) {
    const value = stack.pop()
    if (typeof value !== 'object' || value === null) continue
    if (seen.has(value)) return true
    seen.add(value)
    for (const child of Array.isArray(value) ? value : Object.values(value)) if (typeof child === 'object' && child !== null) stack.push(child)
  }
  return false
}

/**
 * Directives (`%YAML 1.1` changes the schema), merge keys, tags (`!tag` at the start of a node:
 * after a line start, space, `[`, `{` or `,`), explicit `?` keys, and null keys (`yaml` names them
 * '', js-yaml 'null'). Over-eager on purpose: `a !b` inside a plain string only costs the slower parse.
 */
const NEEDS_YAML = /^\s*%|<<|(?:^|[\s[{,])![^\s,[\]{}]|^[\s-]*\?(?:\s|$)|^[\s-]*(?:~|null|Null|NULL)?\s*:(?:\s|$)/m

/**
 * YAML 1.2's core schema as `yaml` implements it (its schema/core tags): js-yaml's own core schema
 * also reads `1_000`, `0b101` and other YAML 1.1 numbers, which `yaml` keeps as strings.
 */
const scalar = (tag: string, test: RegExp, construct: (text: string) => unknown) =>
  new jsYaml.Type(`tag:yaml.org,2002:${tag}`, {construct, kind: 'scalar', resolve: (text: string) => test.test(text)})

const CORE_1_2 = jsYaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    scalar('null', /^(?:~|[Nn]ull|NULL)?$/, () => null),
    scalar('bool', /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (text) => text[0] === 't' || text[0] === 'T'),
    scalar('int', /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/, (text) =>
      text.startsWith('0o') ? parseInt(text.slice(2), 8) : text.startsWith('0x') ? parseInt(text.slice(2), 16) : parseInt(text, 10),
    ),
    scalar('float', /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/, (text) =>
      /nan$/i.test(text) ? NaN : /inf$/i.test(text) ? (text[0] === '-' ? -Infinity : Infinity) : parseFloat(text),
    ),
  ],
})
