import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {samplesDistribution} from '../../src/drift/samples-source.js'
import {tempDir} from '../helpers/fleet.js'

async function file(name: string, content: string): Promise<string> {
  const path = join(await tempDir('inferwatch-samples-'), name)
  await writeFile(path, content)
  return path
}

describe('samples files', () => {
  it('bins a JSON lines field into the job buckets, upper bounds inclusive', async () => {
    const path = await file('s.jsonl', ['{"completion_tokens": 5}', '{"completion_tokens": 10}', '', '{"completion_tokens": 11}', '{"completion_tokens": 5000}'].join('\n'))
    expect(await samplesDistribution({buckets: [10, 100], field: 'completion_tokens', file: path})).toEqual({counts: [2, 1, 1], le: ['10', '100', '+Inf']})
  })

  it('reads CSV with a header, quoted fields and a time column, keeping the samples in (from, to]', async () => {
    const path = await file('s.csv', ['ts,"note, quoted",tokens', '100,"a, b",3', '200,x,30', '2023-11-14T22:13:20Z,y,300', '301,z,3'].join('\n'))
    // 2023-11-14T22:13:20Z is unix 1700000000, outside the window.
    expect(await samplesDistribution({buckets: [10, 100], field: 'tokens', file: path, timeField: 'ts'}, {from: 100, to: 301})).toEqual({counts: [1, 1, 0], le: ['10', '100', '+Inf']})
  })

  it('names the file and line of a sample that is not a number', async () => {
    const path = await file('bad.jsonl', '{"n": 1}\n{"n": "many"}\n')
    await expect(samplesDistribution({buckets: [10], field: 'n', file: path})).rejects.toThrow(`${path}:2: field "n" is not a number ("many")`)
    const csv = await file('bad.csv', 'a,b\n1,2\n')
    await expect(samplesDistribution({buckets: [10], field: 'tokens', file: csv})).rejects.toThrow(`${csv}:1: the CSV header has no column "tokens" (columns: a, b)`)
  })
})
