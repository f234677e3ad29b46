import {parse} from 'yaml'

import type {OutputFile} from '../../src/generators/types.js'

/** The generated rule files as Prometheus reads them. */
export interface RuleFile {
  groups: {name: string; interval?: string; rules: Rule[]}[]
}
export interface Rule {
  record?: string
  alert?: string
  expr: string
  for?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
}

export interface TestFile {
  rule_files: string[]
  evaluation_interval: string
  tests: {
    name: string
    input_series: {series: string; values: string}[]
    alert_rule_test: {eval_time: string; alertname: string; exp_alerts: {exp_labels: Record<string, string>; exp_annotations: Record<string, string>}[]}[]
  }[]
}

export const ruleFiles = (files: readonly OutputFile[]) => files.filter((f) => f.path.startsWith('prometheus/rules/'))
export const testFiles = (files: readonly OutputFile[]) => files.filter((f) => f.path.startsWith('prometheus/tests/'))

export const rulesOf = (files: readonly OutputFile[]): Rule[] =>
  ruleFiles(files).flatMap((f) => (parse(f.content) as RuleFile).groups.flatMap((g) => g.rules))

export const alertsOf = (files: readonly OutputFile[]): Rule[] => rulesOf(files).filter((r) => r.alert !== undefined)
export const recordsOf = (files: readonly OutputFile[]): Rule[] => rulesOf(files).filter((r) => r.record !== undefined)
/** Alert rules other than the ones for a missing series (labelled condition="absent"). */
export const expressionRules = (files: readonly OutputFile[]): Rule[] => alertsOf(files).filter((r) => r.labels?.condition !== 'absent')
export const absentRules = (files: readonly OutputFile[]): Rule[] => alertsOf(files).filter((r) => r.labels?.condition === 'absent')
export const alertNames = (files: readonly OutputFile[]): string[] => [...new Set(alertsOf(files).map((r) => r.alert!))].sort()
