import type {Fleet} from '../normalize/fleet-model.js'
import type {CheckId} from './checks.js'
import type {TextEdit} from './finding.js'

/** Reports a finding of `check` at a file offset; the runner turns it into line:col, severity and filters. */
export type Report = (check: CheckId, offset: number, message: string, fix?: TextEdit) => void

/** What one file tells the checks of another (gathered from every linted file before checking). */
export interface LintFacts {
  /** Prometheus' global scrape interval in ms: the config's, the fleet's, `.inferwatch-lint.yaml`'s, else Prometheus' default. */
  scrapeIntervalMs: number
  /** Per-job scrape intervals from a linted Prometheus config. */
  jobScrapeIntervalMs: Map<string, number>
  /** Series that linted recording rules produce. */
  recordedNames: Set<string>
  /** Labels the scrape configuration attaches to targets (static/file_sd labels, relabelling, lint config). */
  targetLabels: Set<string>
  /** Alerts defined in linted rule files, with their static labels. */
  alerts: {name: string; labels: Record<string, string>}[]
  /** Scrape targets (host:port) and their labels, for fleet cross-checks. */
  targets: {address: string; labels: Record<string, string>}[]
  /** The fleet given with --fleet. */
  fleet?: Fleet
}

export function emptyFacts(scrapeIntervalMs: number): LintFacts {
  return {alerts: [], jobScrapeIntervalMs: new Map(), recordedNames: new Set(), scrapeIntervalMs, targetLabels: new Set(), targets: []}
}
