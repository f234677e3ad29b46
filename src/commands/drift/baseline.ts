import {Flags} from '@oclif/core'

import {InferwatchCommand} from '../../cli/base-command.js'
import {evaluationTime, orFail, sharedDriftFlags} from '../../drift/cli-flags.js'
import {captureBaseline} from '../../drift/run-jobs.js'

export default class DriftBaseline extends InferwatchCommand {
  static override description = `Freeze a drift job's current distribution as its baseline snapshot (JSON), e.g. when a model is promoted.

The snapshot records the bucket boundaries, per-bin counts, source, model version and time range.`
  static override examples = [
    '<%= config.bin %> drift baseline --job assistant-output-length --out /var/lib/inferwatch/drift/assistant-output-length.json',
  ]
  static override flags = {
    ...sharedDriftFlags,
    job: Flags.string({description: 'The drift job to capture.', required: true}),
    out: Flags.string({description: "Where to write the snapshot; default: the job's baseline file."}),
    window: Flags.string({description: "How far back to capture (default: the job's baseline window, else 7d)."}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(DriftBaseline)
    const {file, snapshot} = await orFail(async () =>
      captureBaseline({at: evaluationTime(flags.at), job: flags.job, jobsFile: flags.jobs, out: flags.out, prometheusUrl: flags.prometheus, timeoutMs: flags.timeout * 1000, window: flags.window}),
      (code) => this.exit(code),
    )
    this.log(`${file}: baseline of ${snapshot.job} from ${snapshot.from} to ${snapshot.to}, ${snapshot.samples} samples in ${snapshot.le.length} buckets`)
  }
}
