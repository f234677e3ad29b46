import {LOG_STREAM_LABELS} from '../catalog/index.js'
import type {PanelQuery} from './queries.js'

/**
 * LogQL for the logs dashboard. Loki rejects a selector whose every matcher also matches the empty
 * string, so "All" is `.+` here (see the Loki variables), never `.*`.
 */

/** Grafana's step-sized range for Loki metric queries. */
export const LOKI_RANGE = '$__auto'

/** Lines that look like failures in most runtimes' and systemd's log output. */
export const ERROR_LINE_PATTERN = '(?i)(error|fatal|panic|exception|traceback)'

export type LogScope = 'node' | 'server'

function streamSelector(scope: LogScope): string {
  const label = LOG_STREAM_LABELS[scope]
  return `{${label}=~"$${scope}"}`
}

function lineFilter(errorsOnly: boolean): string {
  return errorsOnly ? ` |~ ${JSON.stringify(ERROR_LINE_PATTERN)}` : ''
}

/** Log lines per Grafana step, per node or per server; only error-looking lines when asked. */
export function logLineCount(scope: LogScope, errorsOnly: boolean): PanelQuery {
  const label = LOG_STREAM_LABELS[scope]
  return {
    expr: `sum by (${label}) (count_over_time(${streamSelector(scope)}${lineFilter(errorsOnly)} [${LOKI_RANGE}]))`,
    legend: `{{${label}}}`,
  }
}

/** The error-looking lines themselves, newest first. */
export function errorLines(scope: LogScope): PanelQuery {
  return {expr: `${streamSelector(scope)}${lineFilter(true)}`, legend: ''}
}
