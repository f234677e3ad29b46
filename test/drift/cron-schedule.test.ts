import {execa} from 'execa'
import {describe, expect, it} from 'vitest'

import {longestGapSeconds, onCalendar} from '../../src/normalize/cron-schedule.js'

describe('cron schedules', () => {
  it('knows the longest gap between runs', () => {
    expect(longestGapSeconds('0 * * * *')).toBe(3600)
    expect(longestGapSeconds('*/15 * * * *')).toBe(900)
    expect(longestGapSeconds('15 3 * * *')).toBe(86_400)
    expect(longestGapSeconds('@daily')).toBe(86_400)
    // Mon–Fri at 09:00: Friday to Monday.
    expect(longestGapSeconds('0 9 * * 1-5')).toBe(3 * 86_400)
    // The 31st skips the months of 30 days and February: 31 Jan → 31 Mar in a leap year is 60 days, 31 May → 31 Jul is 61.
    expect(longestGapSeconds('0 0 31 * *')).toBe(61 * 86_400)
  })

  it('writes OnCalendar events that systemd reads as the same schedule', async () => {
    const cases: [string, string[]][] = [
      ['15 * * * *', ['*-*-* *:15:00']],
      ['*/20 2,14 * * *', ['*-*-* 02,14:00,20,40:00']],
      ['0 9 * * 1-5', ['Mon,Tue,Wed,Thu,Fri *-*-* 09:00:00']],
      ['0 0 1 * 0', ['*-*-01 00:00:00', 'Sun *-*-* 00:00:00']],
      ['@weekly', ['Sun *-*-* 00:00:00']],
    ]
    for (const [cron, events] of cases) {
      expect(onCalendar(cron), cron).toEqual(events)
      const check = await execa('systemd-analyze', ['calendar', ...events], {reject: false})
      expect(check.exitCode, check.stderr).toBe(0)
    }
  })
})
