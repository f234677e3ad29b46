import {Flags} from '@oclif/core'

import {EXIT, InferwatchCommand} from '../cli/base-command.js'
import {parseDuration} from '../schema/primitives.js'
import {UnreachableError, verifyStack} from '../verify/index.js'

export default class Verify extends InferwatchCommand {
  static override description = `Check a running Prometheus (and Alertmanager) against a generated output folder.

Reads the folder's files as they are on disk (what the stack was given; \`generate --check\` compares
them with the fleet). Every expected target is up, every generated rule group is loaded and healthy, every metric the
rules and dashboards read has series, and Alertmanager has the generated receivers.
Exit 0 when all match, 1 on problems or when a server cannot be reached, 2 when the folder is not
inferwatch output.`
  static override examples = [
    '<%= config.bin %> verify --prometheus http://127.0.0.1:9090',
    '<%= config.bin %> verify --out observability --prometheus http://prom:9090 --alertmanager http://prom:9093 --json',
  ]
  static override flags = {
    alertmanager: Flags.string({description: 'Alertmanager base URL; when given, its receivers are checked too.'}),
    json: Flags.boolean({description: 'Print the report as JSON.'}),
    out: Flags.string({char: 'o', default: 'observability', description: 'The generated output folder the stack runs.'}),
    prometheus: Flags.string({description: 'Prometheus base URL, e.g. http://127.0.0.1:9090.', required: true}),
    timeout: Flags.string({default: '10s', description: 'How long to wait for each answer (a duration such as 10s).'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Verify)
    const timeout = parseDuration(flags.timeout)
    if (timeout === undefined || timeout <= 0) this.error(`--timeout must be a duration such as 10s, got "${flags.timeout}"`, {exit: EXIT.invalidInput})
    let result
    try {
      result = await verifyStack({alertmanager: flags.alertmanager, outDir: flags.out, prometheus: flags.prometheus, timeoutMs: timeout * 1000})
    } catch (error) {
      if (!(error instanceof UnreachableError)) throw error
      if (flags.json) this.log(JSON.stringify({error: error.message, ok: false}, null, 2))
      process.stderr.write(`inferwatch: ${error.message}\n`)
      return this.exit(EXIT.checkFailed)
    }
    if (result.kind === 'invalid') return this.failInput(result.diagnostics)
    const {checked, problems} = result
    if (flags.json) this.log(JSON.stringify({checked, ok: problems.length === 0, problems}, null, 2))
    else {
      for (const p of problems) this.log(`${p.check}: ${p.message}`)
      const what = `${checked.targets} targets, ${checked.ruleGroups} rule groups, ${checked.metrics} metrics${checked.receivers === null ? '' : `, ${checked.receivers} receivers`}`
      this.log(problems.length === 0 ? `ok: ${what} match the fleet` : `${problems.length} problem${problems.length === 1 ? '' : 's'} (checked ${what})`)
    }
    if (problems.length > 0) this.exit(EXIT.checkFailed)
  }
}
