import {posix} from 'node:path'

import {DEFAULT_TEXTFILE_DIRECTORY, NODE_EXPORTER_PACKAGE} from '../../catalog/index.js'
import type {Fleet, FleetNode} from '../../normalize/fleet-model.js'
import {renderTextTemplate} from '../../templates/render.js'
import type {BundleStage, NodeInstall, OutputFile} from '../types.js'

export const NODES_DIR = 'nodes'
const UNIT_DIR = '/etc/systemd/system'

/** Where a file lands inside a node's bundle: under files/, at its path on the node. */
export const bundlePath = (node: string, destination: string) => `${NODES_DIR}/${node}/files${destination}`

type Placed = Pick<OutputFile, 'content'> & {install: NodeInstall}

/**
 * Per-node deploy bundles for `--target systemd`: everything that runs on a Linux node, gathered
 * from every generator's files marked with `install` (node agents, Fluent Bit, drift timers, …)
 * plus node_exporter's unit, and an install.sh that puts them in place idempotently. A file only
 * has to say where it goes on its node to be bundled.
 */
export const systemdBundleStage: BundleStage = {
  bundle(fleet, files) {
    if (!fleet.deploy.targets.includes('systemd')) return {files: [], notes: ['Per-node systemd bundles are written with `--target systemd`.']}
    const placed = files.filter((f): f is OutputFile & Placed => f.install !== undefined)
    const linux = fleet.nodes.filter((n) => n.hardware.os === 'linux')
    const skipped = fleet.nodes.filter((n) => n.hardware.os !== 'linux').map((n) => n.name)
    const notes = [
      `Each \`${NODES_DIR}/<node>/\` is what runs on that node: copy the folder there and run \`sudo sh install.sh\` (idempotent; run it again after every generate). Files under \`files/\` sit at their path on the node.`,
      ...(skipped.length > 0 ? [`No systemd bundle for ${skipped.join(', ')}: macOS runs launchd, not systemd.`] : []),
    ]
    // Grouped once, so the cost stays linear in the number of nodes and files.
    const byNode = new Map<string, Placed[]>()
    for (const file of placed) {
      for (const node of file.install.nodes) {
        const list = byNode.get(node) ?? []
        list.push(file)
        byNode.set(node, list)
      }
    }
    return {files: linux.flatMap((node) => nodeBundle(fleet, node, byNode.get(node.name) ?? [])), notes}
  },
  id: 'deploy-systemd',
  title: 'Per-node systemd bundles (--target systemd)',
}

function nodeBundle(fleet: Fleet, node: FleetNode, placed: Placed[]): OutputFile[] {
  const exporter = node.exporters.find((e) => e.id === 'node-exporter')
  const textfiles = node.textfileDirectory ?? DEFAULT_TEXTFILE_DIRECTORY
  const own: Placed[] = exporter
    ? [
        {
          content: renderTextTemplate('deploy/node-exporter.service', {
            binary: NODE_EXPORTER_PACKAGE.binary,
            directory: textfiles,
            fleet: fleet.name,
            node: node.name,
            package: NODE_EXPORTER_PACKAGE.name,
            port: exporter.port,
            user: NODE_EXPORTER_PACKAGE.user,
          }),
          install: {destination: `${UNIT_DIR}/${NODE_EXPORTER_PACKAGE.unit}`, mode: '0644', nodes: [node.name]},
        },
      ]
    : []
  const all = [...own, ...placed].sort((a, b) => (a.install.destination < b.install.destination ? -1 : 1))
  if (all.length === 0) return []
  const units = all.map((f) => f.install.destination).filter((d) => posix.dirname(d) === UNIT_DIR)
  const timers = new Set(units.filter((u) => u.endsWith('.timer')).map((u) => posix.basename(u, '.timer')))
  // Timers start their services; a service is enabled itself only when nothing else starts it and it can be.
  const enabled = all
    .filter((f) => units.includes(f.install.destination))
    .filter((f) => f.install.destination.endsWith('.timer') || (f.install.destination.endsWith('.service') && !timers.has(posix.basename(f.install.destination, '.service')) && /^\[Install\]/m.test(f.content)))
    .map((f) => posix.basename(f.install.destination))
  // A drop-in (<unit>.d/*.conf) changes a packaged unit: that unit is enabled and restarted like one of ours.
  const dropIns = [...new Set(all.map((f) => posix.dirname(f.install.destination)).filter((d) => posix.dirname(d) === UNIT_DIR && d.endsWith('.d')).map((d) => posix.basename(d, '.d')))]
  enabled.push(...dropIns.filter((u) => !enabled.includes(u)))
  enabled.sort()
  const services = [...new Set([...units.filter((u) => u.endsWith('.service')).map((u) => posix.basename(u)), ...dropIns.filter((u) => u.endsWith('.service'))])].sort()
  const requires = [
    ...(exporter ? [{binary: NODE_EXPORTER_PACKAGE.binary, package: NODE_EXPORTER_PACKAGE.name}] : []),
    ...all.flatMap((f) => (f.install.requires ? [f.install.requires] : [])),
  ].filter((r, i, list) => list.findIndex((o) => o.binary === r.binary) === i)
  const script = renderTextTemplate('deploy/install.sh', {
    directories: exporter ? [textfiles] : [],
    files: all.map((f) => ({destination: f.install.destination, mode: f.install.mode, source: `files${f.install.destination}`})),
    fleet: fleet.name,
    node: node.name,
    requires,
    services,
    units: enabled,
  })
  return [
    ...all.map((f) => ({content: f.content, path: bundlePath(node.name, f.install.destination)})),
    {content: script, path: `${NODES_DIR}/${node.name}/install.sh`},
  ]
}
