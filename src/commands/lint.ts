import {Flags} from '@oclif/core'

import {EXIT, InferwatchCommand} from '../cli/base-command.js'
import {explainCheck, FAIL_ON, FORMATS, runLint} from '../lint/index.js'

export default class Lint extends InferwatchCommand {
  static override description = `Find what is wrong in existing Prometheus, Alertmanager, Grafana and Fluent Bit configs.

Each file's kind is told from its content. Exit 0 when clean, 1 when a finding reaches --fail-on,
2 when the input is unusable (a path that does not exist, a broken --config or --fleet).`
  static override examples = [
    '<%= config.bin %> lint prometheus/ grafana/dashboards',
    '<%= config.bin %> lint "rules/**/*.yml" --format sarif > lint.sarif',
    '<%= config.bin %> lint . --fix',
    '<%= config.bin %> lint observability --fleet fleet.yaml',
    '<%= config.bin %> lint --explain metric/renamed',
  ]
  static override flags = {
    config: Flags.string({description: 'Lint configuration file (default: ./.inferwatch-lint.yaml when it exists).'}),
    explain: Flags.string({description: 'Print what a check looks for and how to disable it, then exit.'}),
    'fail-on': Flags.string({default: 'error', description: 'Lowest severity that makes lint exit 1.', options: [...FAIL_ON]}),
    fix: Flags.boolean({description: 'Rewrite what has one certain fix (renamed metrics, _total suffixes, unquoted label values) in place.'}),
    fleet: Flags.string({description: 'Fleet file to cross-check the configs against.'}),
    format: Flags.string({char: 'f', default: 'text', description: 'Output format.', options: [...FORMATS]}),
  }
  static override strict = false
  static override args = {}

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(Lint)
    if (flags.explain !== undefined) {
      const explained = explainCheck(flags.explain)
      process.stdout.write(explained.text)
      if (!explained.ok) this.exit(EXIT.invalidInput)
      return
    }
    const outcome = await runLint({
      colour: process.stdout.isTTY === true && !process.env.NO_COLOR && flags.format === 'text',
      configFile: flags.config,
      cwd: process.cwd(),
      failOn: flags['fail-on'] as (typeof FAIL_ON)[number],
      fix: flags.fix,
      fleetFile: flags.fleet,
      format: flags.format as (typeof FORMATS)[number],
      paths: argv as string[],
      version: this.config.version,
    })
    if (outcome.kind === 'unusable') this.failInput(outcome.diagnostics)
    for (const file of outcome.fixed) process.stderr.write(`fixed ${file}\n`)
    process.stdout.write(outcome.output)
    if (outcome.exitCode !== 0) this.exit(outcome.exitCode)
  }
}
