import {describe, expect, it} from 'vitest'

import {closest} from '../../src/diagnostics/suggest.js'
import {cronSchedule, parseDuration} from '../../src/schema/primitives.js'

describe('Prometheus durations', () => {
  it.each([
    ['15s', 15],
    ['5m', 300],
    ['1h30m', 5400],
    ['7d', 604_800],
    ['500ms', 0.5],
    ['1y', 31_536_000],
  ])('%s is %d seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds)
  })

  it.each(['', '15', '15 seconds', '1.5h', '30m1h', '-5m'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined()
  })
})

describe('cron schedules', () => {
  it.each(['0 2 * * *', '*/15 * * * 1-5', '0 0 1,15 * *', '@daily'])('accepts %j', (text) => {
    expect(cronSchedule.safeParse(text).success).toBe(true)
  })
  it.each(['every night', '0 2 * *', '@sometimes', '0 2 * * * *'])('rejects %j', (text) => {
    expect(cronSchedule.safeParse(text).success).toBe(false)
  })
})

describe('did you mean', () => {
  it('suggests near misses and prefixes, not unrelated words', () => {
    expect(closest('raspbery-pi-5', ['raspberry-pi-5', 'nvidia-gpu'])).toBe('raspberry-pi-5')
    expect(closest('apiUrl', ['apiUrlFile', 'channel'])).toBe('apiUrlFile')
    expect(closest('kubernetes', ['ollama', 'vllm'])).toBeUndefined()
  })
})
