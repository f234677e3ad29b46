import {readFile} from 'node:fs/promises'

import {binSamples, bucketBounds, type Distribution} from './distribution.js'
import {DriftInputError, DriftSourceError} from './errors.js'

export interface SamplesQuery {
  file: string
  field: string
  timeField?: string
  buckets: number[]
}

interface Sample {
  value: number
  time: number | undefined
}

/**
 * The observations of a samples file binned into the job's buckets: all of them, or with a time
 * field those in (from, to]. JSON lines (one object per line) or CSV with a header row; a line whose
 * field is not a number is an error naming the file and line, not a silently skipped sample.
 */
export async function samplesDistribution(query: SamplesQuery, window?: {from: number; to: number}): Promise<Distribution> {
  const samples = await readSamples(query)
  const inWindow = window
    ? samples.filter((s) => {
        if (s.time === undefined) throw new DriftInputError(`${query.file}: the samples have no time field, so they cannot be split into windows`)
        return s.time > window.from && s.time <= window.to
      })
    : samples
  return binSamples(inWindow.map((s) => s.value), bucketBounds(query.buckets))
}

async function readSamples(query: SamplesQuery): Promise<Sample[]> {
  let text: string
  try {
    text = await readFile(query.file, 'utf8')
  } catch (error) {
    throw new DriftSourceError(`cannot read samples file ${query.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
  }
  const lines = text.split(/\r?\n/)
  return query.file.endsWith('.csv') ? fromCsv(query, lines) : fromJsonLines(query, lines)
}

function fromJsonLines(query: SamplesQuery, lines: string[]): Sample[] {
  const out: Sample[] = []
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue
    let record: unknown
    try {
      record = JSON.parse(line)
    } catch {
      throw new DriftInputError(`${query.file}:${i + 1}: not a JSON object: ${line.slice(0, 80)}`)
    }
    const row = (record !== null && typeof record === 'object' ? record : {}) as Record<string, unknown>
    out.push(sample(query, i + 1, row[query.field], query.timeField === undefined ? undefined : row[query.timeField]))
  }
  return out
}

/** RFC 4180 fields: commas inside double quotes, "" for a quote. */
function csvFields(line: string): string[] {
  const fields: string[] = []
  let current = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        current += '"'
        i++
      } else if (c === '"') quoted = false
      else current += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      fields.push(current)
      current = ''
    } else current += c
  }
  fields.push(current)
  return fields.map((f) => f.trim())
}

function fromCsv(query: SamplesQuery, lines: string[]): Sample[] {
  const header = csvFields(lines[0] ?? '')
  const column = (name: string) => {
    const index = header.indexOf(name)
    if (index === -1) throw new DriftInputError(`${query.file}:1: the CSV header has no column "${name}" (columns: ${header.join(', ')})`)
    return index
  }
  const valueAt = column(query.field)
  const timeAt = query.timeField === undefined ? undefined : column(query.timeField)
  const out: Sample[] = []
  for (const [i, line] of lines.entries()) {
    if (i === 0 || line.trim() === '') continue
    const fields = csvFields(line)
    out.push(sample(query, i + 1, fields[valueAt], timeAt === undefined ? undefined : fields[timeAt]))
  }
  return out
}

function sample(query: SamplesQuery, line: number, value: unknown, time: unknown): Sample {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN
  if (!Number.isFinite(number)) throw new DriftInputError(`${query.file}:${line}: field "${query.field}" is not a number (${JSON.stringify(value)})`)
  if (query.timeField === undefined) return {time: undefined, value: number}
  return {time: parseTime(query, line, time), value: number}
}

/** Unix seconds, or an ISO 8601 time. */
function parseTime(query: SamplesQuery, line: number, time: unknown): number {
  const seconds = typeof time === 'number' ? time : typeof time === 'string' && /^\d+(\.\d+)?$/.test(time.trim()) ? Number(time) : typeof time === 'string' ? Date.parse(time) / 1000 : Number.NaN
  if (!Number.isFinite(seconds)) throw new DriftInputError(`${query.file}:${line}: field "${query.timeField}" is not a time (unix seconds or ISO 8601): ${JSON.stringify(time)}`)
  return seconds
}
