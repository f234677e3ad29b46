/**
 * A 5-field cron schedule as the sets of values it allows, for the two things inferwatch needs from
 * it: the longest gap between two runs (how long a job may stay silent before it is late) and the
 * equivalent systemd OnCalendar= expressions. The schema (schema/primitives.ts) has already checked
 * the syntax.
 */
export interface CronSchedule {
  minutes: number[]
  hours: number[]
  daysOfMonth: number[]
  months: number[]
  /** 0 = Sunday … 6 = Saturday (cron's 7 is folded onto 0). */
  daysOfWeek: number[]
  /** cron runs on a day that matches day-of-month OR day-of-week when both are restricted. */
  domRestricted: boolean
  dowRestricted: boolean
}

const SHORTCUTS: Record<string, string> = {
  '@daily': '0 0 * * *',
  '@hourly': '0 * * * *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@yearly': '0 0 1 1 *',
}

const RANGES: [number, number][] = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 7]]

function expandField(field: string, [min, max]: [number, number]): number[] {
  const values = new Set<number>()
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/') as [string, string | undefined]
    const step = stepText === undefined ? 1 : Number(stepText)
    const [from, to] = range === '*' ? [min, max] : (range.split('-').map(Number) as [number, number | undefined])
    // "5/15" means from 5 to the end in steps of 15, as in Vixie cron.
    const last = to ?? (stepText === undefined ? from : max)
    for (let v = from; v <= last; v += step) if (v >= min && v <= max) values.add(v)
  }
  return [...values].sort((a, b) => a - b)
}

export function parseCron(schedule: string): CronSchedule {
  const fields = (SHORTCUTS[schedule.trim()] ?? schedule).trim().split(/\s+/)
  const [minutes, hours, daysOfMonth, months, dows] = fields.map((f, i) => expandField(f, RANGES[i]!)) as [number[], number[], number[], number[], number[]]
  return {
    daysOfMonth,
    daysOfWeek: [...new Set(dows.map((d) => d % 7))].sort((a, b) => a - b),
    domRestricted: !fields[2]!.startsWith('*'),
    dowRestricted: !fields[4]!.startsWith('*'),
    hours,
    minutes,
    months,
  }
}

function runsOnDay(cron: CronSchedule, date: Date): boolean {
  if (!cron.months.includes(date.getUTCMonth() + 1)) return false
  const dom = cron.daysOfMonth.includes(date.getUTCDate())
  const dow = cron.daysOfWeek.includes(date.getUTCDay())
  if (cron.domRestricted && cron.dowRestricted) return dom || dow
  return dom && dow
}

const DAY = 86_400

/**
 * The longest time between two consecutive runs, in seconds, over four years from a fixed date (so
 * leap days and 31st-of-the-month schedules are seen, and the result does not depend on the clock).
 * A schedule that never runs in that span (30 February) counts as running every four years.
 */
export function longestGapSeconds(schedule: string): number {
  // Four years of days per call: the fleet's drift jobs and backups mostly share a few schedules.
  let seconds = longestGaps.get(schedule)
  if (seconds === undefined) longestGaps.set(schedule, (seconds = computeLongestGap(schedule)))
  return seconds
}
const longestGaps = new Map<string, number>()

function computeLongestGap(schedule: string): number {
  const cron = parseCron(schedule)
  const start = Date.UTC(2024, 0, 1) / 1000
  const days = 4 * 365 + 1
  // Every day that runs, runs at the same times: the gaps inside a day are the same each time, and
  // between days only the last run of one and the first of the next matter. Linear in days, not minutes.
  const times = cron.hours.flatMap((h) => cron.minutes.map((m) => h * 3600 + m * 60))
  const within = times.slice(1).reduce((longest, t, i) => Math.max(longest, t - times[i]!), 0)
  const runDays: number[] = []
  for (let day = 0; day < days; day++) if (runsOnDay(cron, new Date((start + day * DAY) * 1000))) runDays.push(day)
  if (runDays.length === 0 || times.length === 0) return days * DAY
  const [first, last] = [times[0]!, times.at(-1)!]
  // From the last run of one running day to the first of the next, round the end of the span too.
  const between = runDays.map((day, i) => ((i + 1 < runDays.length ? runDays[i + 1]! : runDays[0]! + days) - day) * DAY - last + first)
  return Math.max(within, ...between)
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

const list = (values: number[], full: number, pad = 2) => (values.length === full ? '*' : values.map((v) => String(v).padStart(pad, '0')).join(','))

/**
 * systemd.time(7) calendar events for the schedule. Fields are written as explicit lists, which
 * mean the same in both; cron's "day-of-month OR day-of-week" becomes two events, since systemd
 * requires both to match.
 */
export function onCalendar(schedule: string): string[] {
  const cron = parseCron(schedule)
  const time = `${list(cron.hours, 24)}:${list(cron.minutes, 60)}:00`
  const months = list(cron.months, 12)
  const event = (dows: number[] | null, doms: number[] | null) =>
    `${dows ? `${dows.map((d) => WEEKDAYS[d]).join(',')} ` : ''}*-${months}-${doms ? list(doms, 31) : '*'} ${time}`
  if (cron.domRestricted && cron.dowRestricted) return [event(null, cron.daysOfMonth), event(cron.daysOfWeek, null)]
  return [event(cron.dowRestricted ? cron.daysOfWeek : null, cron.domRestricted ? cron.daysOfMonth : null)]
}
