import {Flags} from '@oclif/core'

import {EXIT, InferwatchCommand} from '../../cli/base-command.js'
import {evaluationTime, orFail, sharedDriftFlags} from '../../drift/cli-flags.js'
import {failed, formatReport, runDriftJobs} from '../../drift/run-jobs.js'

export default class DriftRun extends InferwatchCommand {
  static override description = `Measure drift: KL(baseline ‖ recent), PSI and Jensen-Shannon for each job in the jobs file, published for Prometheus.

Exits 1 when a job could not be measured or published; that job then publishes inferwatch_drift_up 0
and keeps its last divergence.`
  static override examples = [
    '<%= config.bin %> drift run --pushgateway http://localhost:9091',
    '<%= config.bin %> drift run --job assistant-output-length --textfile-dir /var/lib/prometheus/node-exporter --json',
  ]
  static override flags = {
    ...sharedDriftFlags,
    job: Flags.string({description: 'Run only this drift job.'}),
    json: Flags.boolean({description: 'Print the results as JSON.'}),
    pushgateway: Flags.string({description: 'Push the results to this Pushgateway (base URL).', exactlyOne: ['pushgateway', 'textfile-dir']}),
    'textfile-dir': Flags.string({description: "Write the results into this node_exporter textfile collector directory.", exactlyOne: ['pushgateway', 'textfile-dir']}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(DriftRun)
    const target = flags.pushgateway ? {kind: 'pushgateway' as const, url: flags.pushgateway} : {dir: flags['textfile-dir']!, kind: 'textfile' as const}
    const reports = await orFail(async () =>
      runDriftJobs({at: evaluationTime(flags.at), job: flags.job, jobsFile: flags.jobs, prometheusUrl: flags.prometheus, target, timeoutMs: flags.timeout * 1000}),
      (code) => this.exit(code),
    )
    if (flags.json) this.log(JSON.stringify(reports, null, 2))
    else for (const report of reports) (failed(report) ? process.stderr : process.stdout).write(`${formatReport(report)}\n`)
    if (reports.some(failed)) this.exit(EXIT.internal)
  }
}
