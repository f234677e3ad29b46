import {InferwatchCommand} from '../cli/base-command.js'
import {fleetArg} from '../cli/fleet-arg.js'
import {formatDiagnostic} from '../diagnostics/diagnostic.js'
import {loadFleet} from '../pipeline.js'
import {fleetWarnings} from '../validate/warnings.js'

export default class Validate extends InferwatchCommand {
  static override args = {fleet: fleetArg}
  static override description = 'Check a fleet file and report every problem as file:line:col.'
  static override examples = ['<%= config.bin %> validate', '<%= config.bin %> validate examples/mixed.yaml']

  async run(): Promise<void> {
    const {args} = await this.parse(Validate)
    const result = await loadFleet(args.fleet)
    if (!result.ok) this.failInput(result.diagnostics)
    const {fleet} = result
    // Warnings go to stderr and leave the exit code 0: the fleet is valid.
    for (const warning of fleetWarnings(fleet, args.fleet)) process.stderr.write(`warning: ${formatDiagnostic(warning)}\n`)
    this.log(`${args.fleet}: ok (fleet "${fleet.name}": ${fleet.nodes.length} nodes, ${fleet.servers.length} model servers)`)
  }
}
