import {Args, Flags} from '@oclif/core'

import {InferwatchCommand} from '../cli/base-command.js'
import {PRESETS, renderPreset} from '../init/presets.js'
import {writeNewFile} from '../init/write-new-file.js'

export default class Init extends InferwatchCommand {
  static override args = {file: Args.string({default: 'fleet.yaml', description: 'Where to write the fleet file.', name: 'FILE'})}
  static override description = 'Write a commented starter fleet.yaml from a preset.'
  static override examples = ['<%= config.bin %> init', '<%= config.bin %> init --preset gpu-server fleets/gpu.yaml']
  static override flags = {
    force: Flags.boolean({description: 'Overwrite the file if it exists.'}),
    preset: Flags.string({default: 'mixed', description: 'Starting point.', options: [...PRESETS]}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Init)
    const content = await renderPreset(flags.preset as (typeof PRESETS)[number], args.file)
    const result = await writeNewFile(args.file, content, flags.force)
    if (!result.ok) {
      this.failInput([{col: 1, file: args.file, line: 1, message: 'already exists; pass --force to overwrite it', path: ''}])
    }
    this.log(`wrote ${args.file} (preset ${flags.preset}); next: inferwatch validate ${args.file} && inferwatch generate ${args.file}`)
  }
}
