import {FLUENT_BIT_PACKAGE} from '../../catalog/index.js'
import type {FleetNode, Logging} from '../../normalize/fleet-model.js'

export const FLUENT_BIT_DIR = 'fluent-bit'
/** On the node, next to the package's own files; the config references the others by relative name. */
export const NODE_CONFIG_DIR = '/etc/fluent-bit'
export const LUA_FILE = 'inferwatch.lua'
export const CLASSIC_PARSERS_FILE = 'inferwatch-parsers.conf'
/** The packaged unit's drop-in, relative to /etc/systemd/system on the node and to fluent-bit/ in the output. */
export const DROP_IN_PATH = `${FLUENT_BIT_PACKAGE.unit}.d/inferwatch.conf`

export function configFileName(logging: Logging): string {
  return logging.format === 'yaml' ? 'fluent-bit.yaml' : 'fluent-bit.conf'
}

export const nodeDir = (node: FleetNode) => `${FLUENT_BIT_DIR}/${node.name}`
