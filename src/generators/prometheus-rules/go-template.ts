/**
 * The part of Prometheus' Go templating that alert annotations in the catalog may use, and a
 * renderer that predicts what Prometheus prints, so each unit test can state the exact annotation
 * the alert carries. Only forms whose output is stable across float noise are allowed: `$value`
 * always goes through a formatting function (4 significant digits or a fixed number of decimals).
 */
import {splitPlaceholders} from './template.js'

export type ValueFormat = 'humanize' | 'humanizeDuration' | 'humanizePercentage' | {decimals: number}

export type AnnotationPart = {kind: 'text'; text: string} | {kind: 'label'; name: string} | {kind: 'value'; format: ValueFormat}

export type ParsedAnnotation = {ok: true; parts: AnnotationPart[]} | {ok: false; error: string}

const LABEL = /^\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)$/
const VALUE = /^\$value\s*\|\s*(humanize|humanizeDuration|humanizePercentage|printf\s+"%\.(\d)f")$/
const SUPPORTED = '{{ $labels.<name> }}, {{ $value | humanize }}, {{ $value | humanizeDuration }}, {{ $value | humanizePercentage }} or {{ $value | printf "%.2f" }}'

export function parseAnnotation(text: string): ParsedAnnotation {
  return splitPlaceholders(text, {close: '}}', open: '{{', unterminated: () => 'unterminated "{{"'}, parseAction)
}

function parseAction(action: string): AnnotationPart | string {
  const label = LABEL.exec(action)
  if (label) return {kind: 'label', name: label[1]!}
  const value = VALUE.exec(action)
  if (value) return {format: value[2] === undefined ? (value[1] as ValueFormat) : {decimals: Number(value[2])}, kind: 'value'}
  return `unsupported template action "{{ ${action} }}"; use ${SUPPORTED}`
}

/** What Prometheus prints for the annotation, given the alert's series labels and value. */
export function renderAnnotation(parts: readonly AnnotationPart[], labels: Readonly<Record<string, string>>, value: number): string {
  return parts
    .map((part) => {
      if (part.kind === 'text') return part.text
      if (part.kind === 'label') return labels[part.name] ?? '<no value>'
      return formatValue(part.format, value)
    })
    .join('')
}

function formatValue(format: ValueFormat, value: number): string {
  if (typeof format === 'object') return value.toFixed(format.decimals)
  if (format === 'humanize') return humanize(value)
  if (format === 'humanizeDuration') return humanizeDuration(value)
  return `${goG4(value * 100)}%`
}

/** Go's fmt `%.4g`. */
export function goG4(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf'
  if (value === 0) return '0'
  const [mantissa, exponentText] = value.toExponential(3).split('e') as [string, string]
  const exponent = Number(exponentText)
  const strip = (digits: string) => (digits.includes('.') ? digits.replace(/0+$/, '').replace(/\.$/, '') : digits)
  if (exponent < -4 || exponent >= 4) return `${strip(mantissa)}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`
  return strip(value.toFixed(3 - exponent))
}

const SMALL_PREFIXES = ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']
const LARGE_PREFIXES = ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y']

export function humanize(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return goG4(value)
  let v = value
  let prefix = ''
  if (Math.abs(v) >= 1) {
    for (const p of LARGE_PREFIXES) {
      if (Math.abs(v) < 1000) break
      prefix = p
      v /= 1000
    }
  } else {
    for (const p of SMALL_PREFIXES) {
      if (Math.abs(v) >= 1) break
      prefix = p
      v *= 1000
    }
  }
  return `${goG4(v)}${prefix}`
}

export function humanizeDuration(value: number): string {
  if (!Number.isFinite(value)) return goG4(value)
  if (value === 0) return '0s'
  if (Math.abs(value) >= 1) {
    const sign = value < 0 ? '-' : ''
    const total = Math.trunc(Math.abs(value))
    const [days, hours, minutes, seconds] = [Math.trunc(total / 86_400), Math.trunc(total / 3600) % 24, Math.trunc(total / 60) % 60, total % 60]
    if (days !== 0) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`
    if (hours !== 0) return `${sign}${hours}h ${minutes}m ${seconds}s`
    if (minutes !== 0) return `${sign}${minutes}m ${seconds}s`
    return `${sign}${goG4(Math.abs(value))}s`
  }
  let v = value
  let prefix = ''
  for (const p of SMALL_PREFIXES) {
    if (Math.abs(v) >= 1) break
    prefix = p
    v *= 1000
  }
  return `${goG4(v)}${prefix}s`
}
