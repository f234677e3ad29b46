import {InferwatchCommand} from '../cli/base-command.js'
import {fleetArg} from '../cli/fleet-arg.js'
import {loadFleet} from '../pipeline.js'

export default class Validate extends InferwatchCommand {
  static override args = {fleet: fleetArg}
  static override description = 'Check a fleet file and report every problem as file:line:col.'
  static override examples = ['<%= config.bin %> validate', '<%= config.bin %> validate examples/mixed.yaml']

  async run(): Promise<void> {
    const {args} = await this.parse(Validate)
    const result = await loadFleet(args.fleet)
    if (!result.ok) this.failInput(result.diagnostics)
    const {fleet} = result
    this.log(`${args.fleet}: ok (fleet "${fleet.name}": ${fleet.nodes.length} nodes, ${fleet.servers.length} model servers)`)
  }
}
