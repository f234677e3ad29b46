import type {Fleet} from '../../normalize/fleet-model.js'
import type {Generator, GeneratorOutput} from '../types.js'
import {blackboxConfigFiles} from './blackbox-config.js'
import {fileSdFiles} from './file-sd.js'
import {scrapeNotes} from './notes.js'
import {prometheusConfigFiles} from './prometheus-config.js'
import {planScrapeJobs} from './scrape-jobs.js'

/**
 * prometheus.yml (plus shard and agent variants), the file_sd target files and blackbox.yml.
 * Pure: the same fleet always gives the same bytes.
 */
export const prometheusScrapeGenerator: Generator = {
  generate(fleet: Fleet): GeneratorOutput {
    const jobs = planScrapeJobs(fleet)
    return {
      files: [...prometheusConfigFiles(fleet, jobs), ...fileSdFiles(jobs), ...blackboxConfigFiles(fleet, jobs)],
      notes: scrapeNotes(fleet, jobs),
    }
  },
  id: 'prometheus-scrape',
  title: 'Prometheus scrape configuration',
}
