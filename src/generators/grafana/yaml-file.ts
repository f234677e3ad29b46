import {Document} from 'yaml'

/** YAML from an object built in a deliberate key order, with a comment header; no line folding. */
export function renderYaml(value: unknown, header: readonly string[]): string {
  const doc = new Document(value)
  doc.commentBefore = header.map((line) => ` ${line}`).join('\n')
  return doc.toString({lineWidth: 0})
}
