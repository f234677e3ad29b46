import type {OutputFile} from '../types.js'
import {targetsFile} from './output-paths.js'
import type {ScrapeJob} from './scrape-job.js'

/** `targets/<job>.json` for every file_sd job: Prometheus re-reads these without a restart. */
export function fileSdFiles(jobs: readonly ScrapeJob[]): OutputFile[] {
  return jobs.flatMap((job) => {
    if (job.targets.kind !== 'file-sd') return []
    const groups = job.targets.groups.map((g) => ({targets: g.targets, labels: g.labels}))
    return [{content: `${JSON.stringify(groups, null, 2)}\n`, path: targetsFile(job.name)}]
  })
}
