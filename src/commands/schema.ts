import {InferwatchCommand} from '../cli/base-command.js'
import {renderJsonSchema} from '../schema/json-schema.js'

export default class Schema extends InferwatchCommand {
  static override description = 'Print the JSON Schema of the fleet format (for editors and CI).'
  static override examples = ['<%= config.bin %> schema > fleet.schema.json']

  async run(): Promise<void> {
    await this.parse(Schema)
    process.stdout.write(renderJsonSchema())
  }
}
