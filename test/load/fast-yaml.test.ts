import {execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'
import {parseDocument} from 'yaml'

import {fastYamlValue} from '../../src/load/fast-yaml.js'
import {PACKAGE_ROOT} from '../../src/package-root.js'

/** What `yaml`, the parser of record, makes of a text (as src/load/yaml-source.ts calls it). */
const recordValue = (text: string): unknown => parseDocument(text, {merge: true, prettyErrors: false, uniqueKeys: true}).toJS({maxAliasCount: 100_000})

/** A strict fingerprint: key order, NaN, ±Infinity and -0 included. */
const fingerprint = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) =>
    typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? `«number ${Object.is(v, -0) ? '-0' : String(v)}»` : typeof v === 'string' ? `«string»${v}` : v,
  )

const AWKWARD_SCALARS = [
  '1', '-1', '+1', '-0', '007', '1_000', '0b101', '0o17', '0O17', '0x1F', '0X1F', '0x', '1.', '.5', '-.5', '1.5e3', '1e3', '1E+3', '1e', '.e3',
  '.inf', '-.Inf', '+.INF', '.nan', '.NaN', 'NaN', 'Infinity', 'inf', '1:20', '1:20:30', '2024-01-01', '2024-01-01T10:00:00Z',
  'true', 'True', 'TRUE', 'tRue', 'false', 'yes', 'no', 'on', 'off', 'y', 'n', '~', 'null', 'Null', 'NULL', 'nULL', '',
  '"1"', "'true'", '"a\\tb\\u00e9\\x41"', "'it''s'", '"\\N\\_"', 'a b', 'a # comment', '/var/log/*.log', 'http://x:9090/', '{a: 1, b: [2, 3]}', '[1, "x", null]',
  '|\n  line one\n  line two\n', '>-\n  folded\n  text\n', '|+\n  kept\n\n', 'é ü 日本', '12345678901234567890', '0.1e-7', '=', '- x',
]

describe('the fast YAML reader', () => {
  it('reads every YAML file in the repository exactly as `yaml` does', () => {
    const files = execFileSync('git', ['ls-files', '*.yaml', '*.yml'], {cwd: PACKAGE_ROOT, encoding: 'utf8'}).split('\n').filter(Boolean)
    expect(files.length).toBeGreaterThan(50)
    let fast = 0
    for (const file of files) {
      const text = readFileSync(join(PACKAGE_ROOT, file), 'utf8')
      const value = fastYamlValue(text)
      if (value === undefined) continue
      fast++
      expect(fingerprint(value), file).toBe(fingerprint(recordValue(text)))
    }
    expect(fast).toBeGreaterThan(files.length / 2)
  })

  it('takes the fast path for the examples and the rule catalog (cron schedules and PromQL ` * ` are no aliases)', () => {
    const files = execFileSync('git', ['ls-files', 'examples/*.yaml', 'rules/*.yml'], {cwd: PACKAGE_ROOT, encoding: 'utf8'}).split('\n').filter(Boolean)
    expect(files.length).toBeGreaterThan(8)
    for (const file of files) expect(fastYamlValue(readFileSync(join(PACKAGE_ROOT, file), 'utf8')), file).toBeDefined()
  })

  it('reads awkward scalars, as values and as keys, exactly as `yaml` does', () => {
    for (const scalar of AWKWARD_SCALARS) {
      const texts = [`value: ${scalar}\n`, `- ${scalar.replaceAll('\n', '\n  ')}\n`]
      if (!scalar.includes('\n') && !scalar.startsWith('{') && !scalar.startsWith('[') && scalar !== '' && !scalar.startsWith('- ')) texts.push(`${scalar}: x\n`)
      for (const text of texts) {
        const value = fastYamlValue(text)
        if (value !== undefined) expect(fingerprint(value), JSON.stringify(text)).toBe(fingerprint(recordValue(text)))
      }
    }
    expect(fastYamlValue('value: 1_000\n')).toEqual({value: '1_000'})
    expect(fastYamlValue('value: 0o17\n')).toEqual({value: 15})
  })

  it('reads a CRLF file with a byte-order mark, and an empty one, as `yaml` does', () => {
    for (const text of ['\uFEFFa: 1\r\nb:\r\n  - x\r\n', '', '# only a comment\n', 'a: |\r\n  one\r\n  two\r\n']) {
      expect(fingerprint(fastYamlValue(text)), JSON.stringify(text)).toBe(fingerprint(recordValue(text)))
    }
  })

  it('leaves to `yaml` what the two might read differently, and whatever js-yaml rejects', () => {
    const refused = [
      'a: &x {b: 1}\nc: *x\n', 'a: &x [1]\nb: [*x, *x]\n', 'a: &x {b: 1}\nc:\n  <<: *x\n', '- *x\n', 'a: !!str 1\n', 'a: !custom x\n', '%YAML 1.1\n---\na: yes\n',
      '~: a\n', 'null: a\n', '- : a\n', '? [a, b]\n: c\n', 'a: 1\na: 2\n', 'a: [1\n', 'a:\n\t- b\n', '---\na: 1\n---\nb: 2\n',
    ]
    for (const text of refused) expect(fastYamlValue(text), JSON.stringify(text)).toBeUndefined()
  })
})
