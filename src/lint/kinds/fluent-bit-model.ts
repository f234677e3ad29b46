import {isScalar, type Node} from 'yaml'

import {entries, items, startOf, str} from '../yaml-nodes.js'

/** One `key value` of a Fluent Bit section; keys are case-insensitive, so they are kept lower-cased. */
export interface FluentBitProperty {
  key: string
  value: string
  keyIndex: number
  valueIndex: number
}

export interface FluentBitSection {
  /** Lower-cased section type: service, input, filter, output, parser, multiline_parser, … */
  type: string
  index: number
  properties: FluentBitProperty[]
}

/** Both of Fluent Bit's formats read into one shape, so the checks do not care which was used. */
export interface FluentBitConfig {
  sections: FluentBitSection[]
  /** Files named by parsers_file / @INCLUDE / includes, relative to the config. */
  includes: string[]
}

const CLASSIC_HEADER = /^\[([^\]]*)\]\s*$/

export function parseFluentBitClassic(text: string): FluentBitConfig {
  const sections: FluentBitSection[] = []
  const includes: string[] = []
  let current: FluentBitSection | undefined
  let offset = 0
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '')
    const lead = line.length - line.trimStart().length
    const trimmed = line.trim()
    const at = offset + lead
    offset += raw.length + 1
    if (trimmed === '' || trimmed.startsWith('#')) continue
    const header = CLASSIC_HEADER.exec(trimmed)
    if (header) {
      current = {index: at, properties: [], type: header[1]!.trim().toLowerCase()}
      sections.push(current)
      continue
    }
    const include = /^@INCLUDE\s+(.+)$/i.exec(trimmed)
    if (include) {
      includes.push(include[1]!.trim())
      continue
    }
    if (trimmed.startsWith('@')) continue
    const property = /^(\S+)(\s+)(.*)$/.exec(trimmed)
    if (!current) continue
    const key = property ? property[1]! : trimmed
    const value = property ? property[3]!.trim() : ''
    current.properties.push({key: key.toLowerCase(), keyIndex: at, value, valueIndex: property ? at + key.length + property[2]!.length : at + key.length})
  }
  return {includes: [...includes, ...parsersFiles(sections)], sections}
}

function parsersFiles(sections: readonly FluentBitSection[]): string[] {
  return sections.filter((s) => s.type === 'service').flatMap((s) => s.properties.filter((p) => p.key === 'parsers_file').map((p) => p.value))
}

const YAML_SECTION_LISTS: Record<string, string> = {customs: 'custom', multiline_parsers: 'multiline_parser', parsers: 'parser', plugins: 'plugins', upstream_servers: 'upstream'}

/** The YAML format: `service`, `pipeline.{inputs,filters,outputs}`, `parsers`, `includes`, … */
export function fluentBitFromYaml(root: Node | undefined): {config: FluentBitConfig; unknownSections: {name: string; index: number}[]} {
  const sections: FluentBitSection[] = []
  const unknownSections: {name: string; index: number}[] = []
  const includes: string[] = []
  const section = (type: string, node: unknown): FluentBitSection => ({
    index: startOf(node),
    properties: entries(node)
      .filter((e) => e.value === null || isScalar(e.value))
      .map((e) => ({key: e.key.toLowerCase(), keyIndex: startOf(e.keyNode), value: str(e.value) ?? '', valueIndex: startOf(e.value, startOf(e.keyNode))})),
    type,
  })
  for (const {key, keyNode, value} of entries(root)) {
    if (key === 'service') sections.push(section('service', value))
    else if (key === 'pipeline') {
      for (const part of entries(value)) {
        const type = {filters: 'filter', inputs: 'input', outputs: 'output'}[part.key]
        if (!type) unknownSections.push({index: startOf(part.keyNode), name: `pipeline.${part.key}`})
        else for (const item of items(part.value)) sections.push(section(type, item))
      }
    } else if (YAML_SECTION_LISTS[key]) for (const item of items(value)) sections.push(section(YAML_SECTION_LISTS[key]!, item))
    else if (key === 'includes') includes.push(...items(value).map((i) => str(i) ?? ''))
    else if (key !== 'env') unknownSections.push({index: startOf(keyNode), name: key})
  }
  return {config: {includes: [...includes, ...parsersFiles(sections)], sections}, unknownSections}
}
