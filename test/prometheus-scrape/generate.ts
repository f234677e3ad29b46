import {parse} from 'yaml'

import {prometheusScrapeGenerator} from '../../src/generators/prometheus-scrape/index.js'
import type {TargetGroup} from '../../src/generators/prometheus-scrape/scrape-job.js'
import type {OutputFile} from '../../src/generators/types.js'
import type {Fleet} from '../../src/normalize/fleet-model.js'
import {prepareFiles} from '../../src/writer/content.js'
import {fileByPath} from '../helpers/output.js'

/** The generator's files exactly as the writer would write them. */
export function generate(fleet: Fleet): OutputFile[] {
  return prepareFiles(prometheusScrapeGenerator.generate(fleet).files)
}

export interface ScrapeConfig {
  job_name: string
  scheme: string
  metrics_path: string
  honor_labels?: boolean
  params?: {module: string[]}
  tls_config?: Record<string, unknown>
  file_sd_configs?: {files: string[]}[]
  static_configs?: {targets: string[]}[]
  relabel_configs?: Record<string, unknown>[]
}

export interface PrometheusConfig {
  global: {external_labels: Record<string, string>} & Record<string, unknown>
  rule_files?: string[]
  alerting?: unknown
  scrape_configs: ScrapeConfig[]
  remote_write?: Record<string, unknown>[]
}

export function prometheusConfig(files: readonly OutputFile[], path = 'prometheus/prometheus.yml'): PrometheusConfig {
  return parse(fileByPath(files, path).content) as PrometheusConfig
}

export function jobNames(config: PrometheusConfig): string[] {
  return config.scrape_configs.map((job) => job.job_name)
}

export function job(config: PrometheusConfig, name: string): ScrapeConfig {
  const found = config.scrape_configs.find((j) => j.job_name === name)
  if (!found) throw new Error(`no job ${name}; have ${jobNames(config).join(', ')}`)
  return found
}

/** Every targets/<job>.json, parsed, by job name. */
export function targetFiles(files: readonly OutputFile[]): Map<string, TargetGroup[]> {
  return new Map(
    files
      .filter((f) => f.path.startsWith('prometheus/targets/'))
      .map((f) => [f.path.slice('prometheus/targets/'.length, -'.json'.length), JSON.parse(f.content) as TargetGroup[]]),
  )
}
