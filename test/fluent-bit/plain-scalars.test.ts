import {describe, expect, it} from 'vitest'
import {stringify} from 'yaml'

import {isPlainScalar} from '../../src/generators/fluent-bit/render-yaml.js'

// The renderer skips the YAML library for texts it recognises as plain; the library must agree on
// every one of them, or a config would change with the fast path.
const OPTIONS = {defaultStringType: 'PLAIN', lineWidth: 0, singleQuote: true} as const
const SAMPLES = [
  'node-00001-tgi', 'log.journald.node-00001-tgi', '/var/lib/fluent-bit/storage', 'on', 'off', 'yes', 'no', 'y', 'n',
  'true', 'True', 'FALSE', 'null', 'NULL', '~', '5', '0x1F', '1e3', '.inf', '.nan', 'Infinity', 'NaN', 'inf', 'nan',
  'a:b', 'a: b', 'a #b', '-a', '?a', '*a', '&a', '!a', '%a', '@a', '`a', '|a', '>a', "'a", '"a', 'a,b', '[a]', '{a}',
  'a/b.c-d_e', 'E5', 'e5', 'x.y.z', '/', '//x', 'A-1', 'tail', 'storage.type', 'mem_buf_limit', '8MB', 'filesystem',
  'Record node pi-01', 'node pi-01', '^(log\\.files\\.pi-01-llama)$', '^log\\.(journald)\\.', '_SYSTEMD_UNIT unit', 'a b ', 'a  b',
  'Add source journald', 'x [y] {z}', "it's", 'a "b"', '_', '^', 'a\tb', 'a #b', 'a#b', 'a=b; c<d>e?', 'true ', ' true',
  '10.0.0.1', '8MB', '16M', '1_000', '1e', '1.2.3', '0x', '0xZ', '0o8', '2024-01-01', '9/10', '1e3', '0x1F', '0o17', '1.', '10',
]

/** Deterministic pseudo-random texts over the characters the fast path decides on, and the ones it refuses. */
function randomTexts(count: number, alphabet = 'aZ09_./*()$^\\|+=<>;,@%~!?&\'"`[]{} -:#\t'): string[] {
  let seed = 1
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) & 0x7f_ff_ff_ff) / 0x7f_ff_ff_ff
  return Array.from({length: count}, () => Array.from({length: 1 + Math.floor(next() * 8)}, () => alphabet[Math.floor(next() * alphabet.length)]).join(''))
}

describe('plain scalars in Fluent Bit YAML', () => {
  it('are exactly the texts the yaml library writes unquoted, for every sample it recognises', () => {
    const recognised = SAMPLES.filter(isPlainScalar)
    expect(recognised.length).toBeGreaterThan(15)
    for (const text of recognised) expect(stringify({x: text}, OPTIONS), text).toBe(`x: ${text}\n`)
    for (const text of recognised) expect(stringify({[text]: 'x'}, OPTIONS), text).toBe(`${text}: x\n`)
  })

  it('agrees with the library on thousands of random texts', () => {
    // The second alphabet makes number-like texts: digits, dots, exponents, hex and octal prefixes.
    const recognised = [...randomTexts(40_000), ...randomTexts(40_000, '0123456789.eExoO_-/aFMB+')].filter(isPlainScalar)
    expect(recognised.length).toBeGreaterThan(1000)
    for (const text of recognised) {
      expect(stringify({x: text}, OPTIONS), text).toBe(`x: ${text}\n`)
      expect(stringify({[text]: 'x'}, OPTIONS), text).toBe(`${text}: x\n`)
    }
  })

  it('leaves booleans, nulls, numbers and indicators to the library', () => {
    for (const text of ['true', 'False', 'null', '~', '5', '.inf', '-a', 'a: b', 'a #b', 'a ', "'a", '[a]', 'a\tb', '10', '1e3', '0x1F', '0o17', '1.', '+1']) expect(isPlainScalar(text), text).toBe(false)
  })
})
