import {groupBy} from '../../group-by.js'
import type {Fleet} from '../../normalize/fleet-model.js'
import {someNames} from '../../some-names.js'
import {renderTextTemplate} from '../../templates/render.js'
import type {Generator, OutputFile} from '../types.js'

export const NODE_AGENTS_DIR = 'node-agents'

/**
 * Small node-side jobs that publish metrics no standard exporter has, through node_exporter's
 * textfile collector. Today: the Raspberry Pi firmware's throttling flags, without which the
 * NodeThrottled alert could never fire. The files are the same on every node that writes to the
 * same textfile folder, so they are generated once per folder (in node-agents/ itself when the fleet
 * has one, the usual case), each marked with the nodes it belongs on.
 */
function raspberryPiThrottling(fleet: Fleet): {files: OutputFile[]; notes: string[]} {
  const byDirectory = groupBy(
    fleet.nodes.filter((node) => node.hardware.textfileThrottling && node.textfileDirectory !== null),
    (node) => node.textfileDirectory!,
  )
  const groups = [...byDirectory].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const files: OutputFile[] = []
  const notes: string[] = []
  for (const [directory, nodes] of groups) {
    // Publish as often as Prometheus scrapes, so every scrape sees a fresh reading.
    const context = {directory, fleet: fleet.name, interval: fleet.scrape.interval}
    const dir = groups.length === 1 ? NODE_AGENTS_DIR : `${NODE_AGENTS_DIR}/${folderFor(directory)}`
    const at = (destination: string, mode: string) => ({destination, mode, nodes: nodes.map((n) => n.name)})
    files.push(
      {content: renderTextTemplate('units/rpi-throttled.sh', context), install: at('/usr/local/bin/inferwatch-rpi-throttled', '0755'), path: `${dir}/inferwatch-rpi-throttled`},
      {content: renderTextTemplate('units/rpi-throttled.service', context), install: at('/etc/systemd/system/inferwatch-rpi-throttled.service', '0644'), path: `${dir}/inferwatch-rpi-throttled.service`},
      {content: renderTextTemplate('units/rpi-throttled.timer', context), install: at('/etc/systemd/system/inferwatch-rpi-throttled.timer', '0644'), path: `${dir}/inferwatch-rpi-throttled.timer`},
    )
    const on = groups.length === 1 ? 'each Raspberry Pi' : `${someNames(nodes.map((n) => n.name), NOTE_NAMES)} (textfiles in ${directory})`
    notes.push(
      `On ${on}, install ${dir}/inferwatch-rpi-throttled as /usr/local/bin/inferwatch-rpi-throttled (mode 755) and its .service and .timer in /etc/systemd/system, then \`systemctl enable --now inferwatch-rpi-throttled.timer\`.`,
    )
  }
  return {files, notes}
}

/** A folder name for a textfile directory: its path with slashes as dashes (/var/lib/node-exporter → var-lib-node-exporter). */
const folderFor = (directory: string) => directory.replace(/^\/+|\/+$/g, '').replace(/[^A-Za-z0-9._-]+/g, '-')

/** Names a note lists before `and N more` (the note is one line of the README). */
const NOTE_NAMES = 5

export const nodeAgentsGenerator: Generator = {
  generate(fleet) {
    return raspberryPiThrottling(fleet)
  },
  id: 'node-agents',
  title: 'Node agents (textfile collector jobs)',
}
