import {parseAllDocuments, type Document} from 'yaml'

import {firstLine} from './yaml-source.js'

export interface YamlDocuments {
  documents: Document.Parsed[]
  /** Parse errors with the offset they start at; documents may still be partly usable. */
  errors: {offset: number; message: string}[]
}

/**
 * Every document of a multi-document YAML (or JSON) text with node ranges kept, for lint, which
 * needs to point into the text rather than build data from it. Duplicate keys are errors, as they
 * are for Prometheus, Alertmanager and Grafana.
 */
export function parseYamlDocuments(text: string): YamlDocuments {
  const parsed = parseAllDocuments(text, {prettyErrors: false, uniqueKeys: true})
  const documents = Array.isArray(parsed) ? parsed : [parsed as unknown as Document.Parsed]
  const errors = documents.flatMap((document) => document.errors.map((error) => ({message: `invalid YAML: ${firstLine(error.message)}`, offset: error.pos[0]})))
  return {documents, errors}
}
