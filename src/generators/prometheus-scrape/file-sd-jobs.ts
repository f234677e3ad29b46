import type {Scheme, ScrapeJob, TargetCandidate, TargetGroup} from './scrape-job.js'
import {sortLabels} from '../../catalog/index.js'

/**
 * The file_sd job for one concern, or none when nothing runs it. Job names stay exactly those of
 * the label contract even when targets differ in scheme or path: the job keeps the common scheme
 * and path, and a target that differs carries `__scheme__` / `__metrics_path__`, which Prometheus
 * reads per target. (Splitting into `<job>-https` jobs would break rules that select on `job`.)
 */
export function fileSdJobs(name: string, metricsPath: string, candidates: TargetCandidate[]): ScrapeJob[] {
  if (candidates.length === 0) return []
  const scheme: Scheme = candidates.every((c) => c.scheme === 'https') ? 'https' : 'http'
  const groups = candidates.map((c) => targetGroup(c, scheme, metricsPath)).sort(compareGroups)
  const usesHttps = candidates.some((c) => c.scheme === 'https')
  return [{metricsPath, name, scheme, sharded: true, targets: {groups, kind: 'file-sd'}, usesHttps}]
}

function targetGroup(candidate: TargetCandidate, jobScheme: Scheme, jobMetricsPath: string): TargetGroup {
  const labels = {...candidate.labels}
  if (candidate.scheme !== jobScheme) labels.__scheme__ = candidate.scheme
  if (candidate.metricsPath !== jobMetricsPath) labels.__metrics_path__ = candidate.metricsPath
  return {labels: sortLabels(labels), targets: [candidate.address]}
}

/** Node, then server, then target: the order a reader scans a fleet in. */
export function compareGroups(a: TargetGroup, b: TargetGroup): number {
  const key = (g: TargetGroup) => [g.labels.node ?? '', g.labels.server ?? '', g.targets.join(',')]
  const [ka, kb] = [key(a), key(b)]
  for (let i = 0; i < ka.length; i++) {
    if (ka[i]! < kb[i]!) return -1
    if (ka[i]! > kb[i]!) return 1
  }
  return 0
}
