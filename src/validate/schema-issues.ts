import type {z} from 'zod'

import type {Diagnostic} from '../diagnostics/diagnostic.js'
import {didYouMean} from '../diagnostics/suggest.js'
import {diagnosticAt, type YamlSource} from '../load/yaml-source.js'

/** The sub-schema at `path`, used to list the keys an object accepts (for "did you mean"). */
function schemaAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): z.core.$ZodType | undefined {
  let current: z.core.$ZodType | undefined = schema
  for (const segment of path) {
    current = unwrap(current)
    if (!current) return undefined
    const def = current._zod.def as unknown as Record<string, unknown>
    if (def.type === 'object') current = (def.shape as Record<string, z.core.$ZodType>)[String(segment)]
    else if (def.type === 'array') current = def.element as z.core.$ZodType
    else if (def.type === 'record') current = def.valueType as z.core.$ZodType
    else return undefined
  }
  return unwrap(current)
}

function unwrap(schema: z.core.$ZodType | undefined): z.core.$ZodType | undefined {
  let current = schema
  while (current) {
    const def = current._zod.def as unknown as Record<string, unknown>
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') current = def.innerType as z.core.$ZodType
    else return current
  }
  return current
}

function allowedKeys(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  const target = schemaAt(schema, path)
  if (!target) return []
  const def = target._zod.def as unknown as Record<string, unknown>
  if (def.type === 'object') return Object.keys(def.shape as object)
  if (def.type === 'record') {
    const keyDef = (def.keyType as z.core.$ZodType)._zod.def as unknown as Record<string, unknown>
    if (keyDef.type === 'enum') return Object.values(keyDef.entries as Record<string, string>)
  }
  return []
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<PropertyKey, unknown>)[segment]
  }
  return current
}

function describeType(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'number' && !Number.isFinite(value)) return `number ${String(value)}`
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  return `${typeof value} ${JSON.stringify(value)}`
}

/** Turns zod issues into located diagnostics, with messages written for people editing YAML. */
export function schemaIssuesToDiagnostics(
  issues: readonly z.core.$ZodIssue[],
  source: YamlSource,
  schema: z.core.$ZodType,
  input: unknown,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = []
  for (const issue of issues) {
    const path = issue.path as PropertyKey[]
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys(schema, path)
      for (const key of issue.keys) {
        const hint = allowed.length > 0 ? `${didYouMean(key, allowed)}; allowed: ${allowed.join(', ')}` : ''
        diagnostics.push(diagnosticAt(source, [...path, key], `unknown field "${key}"${hint}`, {key: true}))
      }
      continue
    }
    if (issue.code === 'invalid_type') {
      const actual = valueAt(input, path)
      // A schema's own message (e.g. "must be quoted") beats the generic one.
      const custom = !issue.message.startsWith('Invalid input')
      const message =
        actual === undefined
          ? `required field is missing (expected ${issue.expected})`
          : custom
            ? issue.message
            : `expected ${issue.expected}, got ${describeType(actual)}`
      diagnostics.push(diagnosticAt(source, path, message))
      continue
    }
    if (issue.code === 'too_small' || issue.code === 'too_big') {
      diagnostics.push(diagnosticAt(source, path, describeBound(issue)))
      continue
    }
    diagnostics.push(diagnosticAt(source, path, issue.message.replace(/^Invalid input: /, '')))
  }
  return diagnostics
}

/** "must be at most 65535", "must have at least 1 item": bounds in the words of the field's type. */
function describeBound(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small'
  const bound = Number(small ? issue.minimum : issue.maximum)
  const inclusive = issue.inclusive !== false
  if (issue.origin === 'array' || issue.origin === 'set') return `must have ${small ? 'at least' : 'at most'} ${bound} item${bound === 1 ? '' : 's'}`
  if (issue.origin === 'string') return `must be ${small ? 'at least' : 'at most'} ${bound} character${bound === 1 ? '' : 's'} long`
  if (inclusive) return `must be ${small ? 'at least' : 'at most'} ${bound}`
  return `must be ${small ? 'greater' : 'less'} than ${bound}`
}
