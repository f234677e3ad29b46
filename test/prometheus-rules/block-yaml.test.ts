import {describe, expect, it} from 'vitest'
import {Document, parse} from 'yaml'

import {prometheusRulesGenerator} from '../../src/generators/prometheus-rules/index.js'
import {yamlText} from '../../src/generators/prometheus-rules/block-yaml.js'
// @ts-expect-error -- plain JavaScript shared with `npm run bench`, which runs without a build of the tests
import {syntheticFleet} from '../../scripts/bench-fleets.mjs'
import {EXAMPLES, fleetFromYaml, loadExample} from '../helpers/fleet.js'

// The rule and test files are laid out by hand (block-yaml.ts); the yaml library must write every
// one of them, and any value of their shapes, to the same bytes.
const library = (value: unknown, header: string) => {
  const document = new Document(value, {version: '1.1'})
  document.commentBefore = header
  return document.toString({lineWidth: 0})
}
const HEADER = ' A header.\n Its second line.'

/** Deterministic pseudo-random texts, newlines, quotes, indicators and YAML 1.1 words among them. */
function randomTexts(count: number): string[] {
  const pieces = ['a', 'Z', '0', '9', ' ', '  ', '\n', '\n\n', '\t', ':', ': ', '#', ' #', '-', '- ', '?', '|', '>', "'", '"', '{{ $value }}', '[', ']', '{', '}', ',', '&', '*', '!', '%', '@', '`', 'yes', 'no', 'on', 'y', 'Y', 'N', 'n', 'Yes', 'NO', 'On', 'OFF', 'True', 'FALSE', 'Null', 'NULL', '_', '<<', 'x', 'node_up{a="b",c="d"}', '1e3', '0x1F', '1_000', '.5', 'null', '~', 'é', '\\']
  let seed = 7
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) & 0x7f_ff_ff_ff) / 0x7f_ff_ff_ff
  return Array.from({length: count}, () => Array.from({length: Math.floor(next() * 7)}, () => pieces[Math.floor(next() * pieces.length)]).join(''))
}

describe('rule and test files laid out without the yaml library', () => {
  it('are the bytes the library writes, for every rule and test file of the examples and a 1,000-node fleet', async () => {
    const fleets = [...(await Promise.all(EXAMPLES.map(loadExample))), await fleetFromYaml(syntheticFleet(1000) as string)]
    let files = 0
    for (const fleet of fleets) {
      for (const file of prometheusRulesGenerator.generate(fleet).files.filter((f) => f.path.endsWith('.yml'))) {
        const header = file.content.split('\n\n')[0]!.replace(/^#/gm, '')
        expect(yamlText(parse(file.content), header), file.path).toBe(library(parse(file.content), header))
        expect(file.content, file.path).toBe(library(parse(file.content), header))
        files++
      }
    }
    expect(files).toBeGreaterThan(30)
  })

  it('are the bytes the library writes for awkward scalars in every position', () => {
    const texts = randomTexts(15_000)
    for (const text of texts) {
      // As values (block scalars among them, at every depth), and apart from that as a key.
      const value = {groups: [{name: text, rules: [{expr: text, labels: {k: text}, values: [text, 1.5, null, {}]}], empty: []}]}
      expect(yamlText(value, HEADER), JSON.stringify(text)).toBe(library(value, HEADER))
      const keyed = {labels: {[text]: 'v'}}
      expect(yamlText(keyed, HEADER), JSON.stringify(text)).toBe(library(keyed, HEADER))
    }
  })

  it('are the bytes the library writes for a key or value past 1,024 characters', () => {
    for (const text of ['k'.repeat(1024), 'k'.repeat(1025), `a${' b'.repeat(700)}`]) {
      for (const value of [{labels: {[text]: 'v'}}, {labels: {k: text}}]) expect(yamlText(value, HEADER)).toBe(library(value, HEADER))
    }
  })

  it('falls back to the library for shapes it does not lay out: shared objects, lists in lists', () => {
    const shared = {a: 1}
    for (const value of [{x: shared, y: shared}, {x: [[1, 2], [3]]}, {x: [undefined]}]) expect(yamlText(value, HEADER)).toBe(library(value, HEADER))
    expect(library({x: shared, y: shared}, HEADER)).toContain('&a1')
  })
})
