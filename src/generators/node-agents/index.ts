import type {Fleet, FleetNode} from '../../normalize/fleet-model.js'
import {renderTextTemplate} from '../../templates/render.js'
import type {Generator, OutputFile} from '../types.js'

export const NODE_AGENTS_DIR = 'node-agents'

/**
 * Small node-side jobs that publish metrics no standard exporter has, through node_exporter's
 * textfile collector. Today: the Raspberry Pi firmware's throttling flags, without which the
 * NodeThrottled alert could never fire. One folder per node, to copy onto that node.
 */
function raspberryPiThrottling(fleet: Fleet, node: FleetNode): OutputFile[] {
  if (!node.hardware.textfileThrottling || node.textfileDirectory === null) return []
  // Publish as often as Prometheus scrapes, so every scrape sees a fresh reading.
  const context = {directory: node.textfileDirectory, fleet: fleet.name, interval: fleet.scrape.interval, node: node.name}
  const dir = `${NODE_AGENTS_DIR}/${node.name}`
  const at = (destination: string, mode: string) => ({destination, mode, node: node.name})
  return [
    {content: renderTextTemplate('units/rpi-throttled.sh', context), install: at('/usr/local/bin/inferwatch-rpi-throttled', '0755'), path: `${dir}/inferwatch-rpi-throttled`},
    {content: renderTextTemplate('units/rpi-throttled.service', context), install: at('/etc/systemd/system/inferwatch-rpi-throttled.service', '0644'), path: `${dir}/inferwatch-rpi-throttled.service`},
    {content: renderTextTemplate('units/rpi-throttled.timer', context), install: at('/etc/systemd/system/inferwatch-rpi-throttled.timer', '0644'), path: `${dir}/inferwatch-rpi-throttled.timer`},
  ]
}

export const nodeAgentsGenerator: Generator = {
  generate(fleet) {
    const files = fleet.nodes.flatMap((node) => raspberryPiThrottling(fleet, node))
    const notes =
      files.length === 0
        ? []
        : [
            `On each Raspberry Pi, install ${NODE_AGENTS_DIR}/<node>/inferwatch-rpi-throttled as /usr/local/bin/inferwatch-rpi-throttled (mode 755) and its .service and .timer in /etc/systemd/system, then \`systemctl enable --now inferwatch-rpi-throttled.timer\`.`,
          ]
    return {files, notes}
  },
  id: 'node-agents',
  title: 'Node agents (textfile collector jobs)',
}
