import {Flags} from '@oclif/core'

import {describePlan, generate} from '../app/generate.js'
import {EXIT, InferwatchCommand} from '../cli/base-command.js'
import {fleetArg} from '../cli/fleet-arg.js'
import {terminalProgress} from '../cli/progress.js'

export default class Generate extends InferwatchCommand {
  static override args = {fleet: fleetArg}
  static override description = `Generate the whole observability setup for a fleet into one folder.

Files are written atomically and recorded in <out>/.inferwatch/manifest.json. Files inferwatch did
not write are never changed or removed; files it wrote that the fleet no longer needs are removed.

One generate writes into a folder at a time (<out>/.inferwatch/lock); Ctrl-C or SIGTERM leaves the previous output as it was (exit 130 or 143), and temporary files of a killed run are removed next time.`
  static override examples = [
    '<%= config.bin %> generate examples/mixed.yaml --out observability',
    '<%= config.bin %> generate --check   # in CI: exit 1 with a diff when the output is stale',
    '<%= config.bin %> generate --dry-run # list what would be created, changed and removed',
  ]
  static override flags = {
    check: Flags.boolean({description: 'Write nothing; exit 1 and print a unified diff if the output folder is not up to date.', exclusive: ['dry-run']}),
    'dry-run': Flags.boolean({description: 'Write nothing; list what would be created, changed and removed.'}),
    force: Flags.boolean({description: 'Overwrite files in the output folder that inferwatch did not write.'}),
    out: Flags.string({char: 'o', default: 'observability', description: 'Output folder.'}),
    quiet: Flags.boolean({char: 'q', description: 'Show no progress on the terminal (it is never shown when stderr is not a terminal).'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Generate)
    const mode = flags.check ? 'check' : flags['dry-run'] ? 'dry-run' : 'write'
    const progress = terminalProgress(process.stderr, process.stderr.isTTY === true && !flags.quiet)
    // One unwrapped line per warning (oclif's warn() wraps at 80 columns, splitting paths and pids).
    const warn = (message: string) => {
      progress.clear()
      process.stderr.write(`inferwatch: warning: ${message}\n`)
    }
    const result = await generate({fleetFile: args.fleet, force: flags.force, mode, outDir: flags.out, progress, warn})
    const out = flags.out

    switch (result.kind) {
      case 'invalid': {
        this.failInput(result.diagnostics)
        break
      }
      case 'checked': {
        if (result.clean) {
          this.log(`${out}: up to date (${result.files.length} files)`)
          return
        }
        process.stdout.write(result.diff)
        process.stderr.write(`${out} is out of date: run \`inferwatch generate ${args.fleet} --out ${out}\`.\n`)
        this.exit(EXIT.checkFailed)
        break
      }
      case 'planned': {
        this.log(describePlan(result.plan, result.litter).join('\n') || 'nothing to do')
        break
      }
      case 'written': {
        const {plan} = result
        for (const path of plan.keepEdited) warn(`${out}/${path}: no longer generated, but edited by hand, so left in place`)
        this.log(
          `${out}: ${plan.create.length} created, ${plan.update.length + plan.conflicts.length} updated, ` +
            `${plan.remove.length} removed, ${plan.unchanged.length} unchanged`,
        )
        break
      }
    }
  }
}
