import {Flags} from '@oclif/core'

import {EXIT, InferwatchCommand} from '../cli/base-command.js'
import {fleetArg} from '../cli/fleet-arg.js'
import {runGenerators} from '../generators/run-generators.js'
import {loadFleet} from '../pipeline.js'
import {applyPlan, diffPlan, planIsClean, planWrite, prepareFiles, type WritePlan} from '../writer/index.js'

export default class Generate extends InferwatchCommand {
  static override args = {fleet: fleetArg}
  static override description = `Generate the whole observability setup for a fleet into one folder.

Files are written atomically and recorded in <out>/.inferwatch/manifest.json. Files inferwatch did
not write are never changed or removed; files it wrote that the fleet no longer needs are removed.`
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
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Generate)
    const loaded = await loadFleet(args.fleet)
    if (!loaded.ok) this.failInput(loaded.diagnostics)

    const files = prepareFiles(runGenerators(loaded.fleet))
    const plan = await planWrite(flags.out, files)

    if (flags.check) {
      if (planIsClean(plan)) {
        this.log(`${flags.out}: up to date (${files.length} files)`)
        return
      }
      process.stdout.write(await diffPlan(flags.out, files, plan))
      process.stderr.write(`${flags.out} is out of date: run \`inferwatch generate ${args.fleet} --out ${flags.out}\`.\n`)
      this.exit(EXIT.checkFailed)
    }
    if (flags['dry-run']) {
      this.log(describePlan(plan).join('\n') || 'nothing to do')
      return
    }
    if (plan.conflicts.length > 0 && !flags.force) {
      this.failInput(
        plan.conflicts.map((path) => ({
          col: 1,
          file: `${flags.out}/${path}`,
          line: 1,
          message: 'exists and was not written by inferwatch; move it away or pass --force to overwrite it',
          path: '',
        })),
      )
    }
    await applyPlan(flags.out, files, plan)
    for (const path of plan.keepEdited) this.warn(`${flags.out}/${path}: no longer generated, but edited by hand, so left in place`)
    const counts = `${plan.create.length} created, ${plan.update.length + plan.conflicts.length} updated, ${plan.remove.length} removed, ${plan.unchanged.length} unchanged`
    this.log(`${flags.out}: ${counts}`)
  }
}

function describePlan(plan: WritePlan): string[] {
  return [
    ...plan.create.map((p) => `create  ${p}`),
    ...plan.update.map((p) => `update  ${p}`),
    ...plan.conflicts.map((p) => `conflict ${p} (not written by inferwatch; needs --force)`),
    ...plan.remove.map((p) => `remove  ${p}`),
    ...plan.keepEdited.map((p) => `keep    ${p} (no longer generated, edited by hand)`),
  ]
}
