import {Args} from '@oclif/core'

export const fleetArg = Args.string({default: 'fleet.yaml', description: 'Path of the fleet file.', name: 'FLEET'})
