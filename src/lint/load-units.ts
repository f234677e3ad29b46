import {isScalar, type Document} from 'yaml'

import {parseYamlDocuments} from '../load/yaml-documents.js'
import {detectKind, looksLikeFluentBitClassic, looksLikeSystemdUnit} from './detect-kind.js'
import {scalarText, within} from './embedded-text.js'
import {parseFluentBitClassic, type FluentBitConfig} from './kinds/fluent-bit-model.js'
import type {TextFile} from './text-file.js'
import type {LintUnit} from './unit.js'
import {entries, get, str} from './yaml-nodes.js'

export interface LoadProblem {
  check: 'lint/parse-error' | 'lint/unknown-kind'
  offset: number
  message: string
}

export interface LoadedFile {
  units: (LintUnit & {fluentBit?: FluentBitConfig})[]
  problems: LoadProblem[]
}

/** Parses a file into the configs it holds; a file that does not parse is one problem with its position. */
export function loadUnits(file: TextFile): LoadedFile {
  const problems: LoadProblem[] = []
  const units: LoadedFile['units'] = []
  const identity = (index: number) => index
  // A systemd unit or drop-in ([Service] would otherwise read as Fluent Bit's [SERVICE]).
  if (looksLikeSystemdUnit(file.text)) {
    units.push({at: identity, file, kind: 'systemd-unit', root: undefined, source: file.text})
    return {problems, units}
  }
  if (looksLikeFluentBitClassic(file.text) && !/^\s*(\{|\[\s*[{"\]\d])/.test(file.text)) {
    const fluentBit = parseFluentBitClassic(file.text)
    units.push({at: identity, file, fluentBit, kind: 'fluent-bit', root: undefined, source: file.text})
    return {problems, units}
  }
  addYamlUnits(file, file.text, identity, units, problems, 0)
  return {problems, units}
}

function addYamlUnits(file: TextFile, source: string, at: (index: number) => number, units: LoadedFile['units'], problems: LoadProblem[], depth: number): void {
  const {documents, errors} = parseYamlDocuments(source)
  if (errors.length > 0) {
    const first = errors[0]!
    problems.push({check: 'lint/parse-error', message: first.message, offset: at(first.offset)})
    return
  }
  const nonEmpty = documents.filter((d) => d.contents !== null)
  if (nonEmpty.length === 0) {
    if (depth === 0) problems.push({check: 'lint/unknown-kind', message: 'empty file: nothing to lint', offset: at(0)})
    return
  }
  for (const document of nonEmpty) addDocument(file, source, at, document, units, problems, depth)
}

function addDocument(file: TextFile, source: string, at: (index: number) => number, document: Document.Parsed, units: LoadedFile['units'], problems: LoadProblem[], depth: number): void {
  const root = document.contents
  if (str(get(root, 'kind')) === 'ConfigMap' && depth === 0) {
    // Configs shipped in ConfigMaps (dashboards for Grafana's sidecar, rule files, alertmanager.yml).
    for (const {key, value} of entries(get(root, 'data'))) {
      if (!isScalar(value) || typeof value.value !== 'string') continue
      const inner = within({at, text: source}, scalarText(value, source))
      const before = units.length + problems.length
      addYamlUnits(file, inner.text, inner.at, units, problems, depth + 1)
      if (units.length + problems.length === before) problems.push({check: 'lint/unknown-kind', message: `ConfigMap entry ${key} is of no kind lint knows`, offset: at(value.range?.[0] ?? 0)})
    }
    return
  }
  const detected = detectKind(root)
  if (!detected) {
    if (depth === 0) problems.push({check: 'lint/unknown-kind', message: 'not a config of any kind lint knows (Prometheus, Alertmanager, Grafana, Fluent Bit, Loki, Elasticsearch/OpenSearch index policies, Compose, Kubernetes objects, systemd units, inferwatch fleet and drift jobs)', offset: at(root?.range?.[0] ?? 0)})
    return
  }
  units.push({at, file, kind: detected.kind, root: detected.root, source})
}
