import type {Fleet} from '../../normalize/fleet-model.js'
import {exporterJobs} from './exporter-jobs.js'
import {modelServerJobs} from './model-server-jobs.js'
import {probeJobs} from './probe-jobs.js'
import type {ScrapeJob} from './scrape-job.js'
import {fluentBitJobs, prometheusSelfJob, pushgatewayJobs} from './service-jobs.js'

/** Every scrape job of the fleet, in the order they appear in prometheus.yml. */
export function planScrapeJobs(fleet: Fleet): ScrapeJob[] {
  return [prometheusSelfJob(fleet), ...exporterJobs(fleet), ...modelServerJobs(fleet), ...probeJobs(fleet), ...fluentBitJobs(fleet), ...pushgatewayJobs(fleet)]
}
