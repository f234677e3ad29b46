import {mkdir, readFile, stat, writeFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'

import {execa} from 'execa'
import {describe, expect, it} from 'vitest'

import {runGenerators} from '../../src/generators/run-generators.js'
import {GENERATORS} from '../../src/generators/registry.js'
import type {Generator, OutputFile} from '../../src/generators/types.js'
import type {Fleet} from '../../src/normalize/fleet-model.js'
import {fleetFromYaml, loadExample, tempDir} from '../helpers/fleet.js'
import {fileByPath} from '../helpers/output.js'

const withTargets = (fleet: Fleet, ...targets: Fleet['deploy']['targets']): Fleet => ({...fleet, deploy: {targets}})

async function writeAll(dir: string, files: readonly OutputFile[]) {
  for (const file of files) {
    await mkdir(dirname(join(dir, file.path)), {recursive: true})
    await writeFile(join(dir, file.path), file.content)
  }
}

/** A generator built elsewhere (Fluent Bit, drift) that only marks where its node-side file goes. */
const logShipper: Generator = {
  generate: () => ({
    files: [
      {content: '[SERVICE]\n    flush 1\n', install: {destination: '/etc/fluent-bit/inferwatch.conf', mode: '0640', nodes: ['pi-02']}, path: 'fluent-bit/pi-02/inferwatch.conf'},
      {
        content: '[Unit]\nDescription=test shipper\n\n[Service]\nExecStart=/bin/true\n\n[Install]\nWantedBy=multi-user.target\n',
        install: {destination: '/etc/systemd/system/inferwatch-ship.service', mode: '0644', nodes: ['pi-02']},
        path: 'fluent-bit/pi-02/inferwatch-ship.service',
      },
    ],
  }),
  id: 'log-shipper',
  title: 'test',
}

describe('per-node systemd bundles (--target systemd)', () => {
  it('gathers every file any generator marks for a node, with node_exporter’s unit and install.sh', async () => {
    const files = runGenerators(withTargets(await loadExample('pi-cluster'), 'systemd'), [...GENERATORS, logShipper])
    const bundle = files.filter((f) => f.path.startsWith('nodes/pi-02/')).map((f) => f.path)
    expect(bundle).toEqual([
      'nodes/pi-02/files/etc/fluent-bit/fluent-bit.yaml',
      'nodes/pi-02/files/etc/fluent-bit/inferwatch.conf',
      'nodes/pi-02/files/etc/fluent-bit/inferwatch.lua',
      'nodes/pi-02/files/etc/systemd/system/fluent-bit.service.d/inferwatch.conf',
      'nodes/pi-02/files/etc/systemd/system/inferwatch-rpi-throttled.service',
      'nodes/pi-02/files/etc/systemd/system/inferwatch-rpi-throttled.timer',
      'nodes/pi-02/files/etc/systemd/system/inferwatch-ship.service',
      'nodes/pi-02/files/etc/systemd/system/prometheus-node-exporter.service',
      'nodes/pi-02/files/usr/local/bin/inferwatch-rpi-throttled',
      'nodes/pi-02/install.sh',
    ])
    const script = fileByPath(files, 'nodes/pi-02/install.sh').content
    expect(script).toContain('put files/etc/fluent-bit/inferwatch.conf /etc/fluent-bit/inferwatch.conf 0640')
    // Timers start their services; services with [Install] and no timer are enabled themselves, and so
    // is a packaged unit a drop-in changes (Fluent Bit's, pointed at the generated config).
    expect(script).toContain('run systemctl enable --now fluent-bit.service inferwatch-rpi-throttled.timer inferwatch-ship.service prometheus-node-exporter.service')
    expect(script).toContain('run systemctl try-restart fluent-bit.service inferwatch-rpi-throttled.service inferwatch-ship.service prometheus-node-exporter.service')
    expect(script).toContain('if [ -z "$dest" ] && [ ! -x /opt/fluent-bit/bin/fluent-bit ]; then')
    expect(fileByPath(files, 'nodes/pi-02/files/etc/systemd/system/fluent-bit.service.d/inferwatch.conf').content).toContain(
      'ExecStartPre=/bin/mkdir -p /var/lib/fluent-bit/storage\nExecStart=\nExecStart=/opt/fluent-bit/bin/fluent-bit -c /etc/fluent-bit/fluent-bit.yaml\n',
    )
    expect(files.some((f) => f.path.startsWith('nodes/pi-02/files/etc/inferwatch/drift'))).toBe(false)
  })

  it('bundles a node’s drift jobs file and timers, and the drop-in follows a classic Fluent Bit config', async () => {
    const files = runGenerators(withTargets(await loadExample('gpu-server'), 'systemd'))
    const bundle = files.filter((f) => f.path.startsWith('nodes/gpu-01/')).map((f) => f.path)
    expect(bundle).toEqual(
      expect.arrayContaining([
        'nodes/gpu-01/files/etc/inferwatch/drift/jobs.yaml',
        'nodes/gpu-01/files/etc/systemd/system/inferwatch-drift-assistant-output-length.service',
        'nodes/gpu-01/files/etc/systemd/system/inferwatch-drift-assistant-output-length.timer',
      ]),
    )
    expect(fileByPath(files, 'nodes/gpu-01/install.sh').content).toContain(
      'run systemctl enable --now fluent-bit.service inferwatch-drift-assistant-output-length.timer prometheus-node-exporter.service',
    )
    const classic = await loadExample('pi-cluster')
    const withClassic = {...classic, deploy: {targets: ['systemd' as const]}, logging: {...classic.logging!, format: 'classic' as const}}
    expect(fileByPath(runGenerators(withClassic), 'nodes/pi-01/files/etc/systemd/system/fluent-bit.service.d/inferwatch.conf').content).toContain(
      'ExecStart=/opt/fluent-bit/bin/fluent-bit -c /etc/fluent-bit/fluent-bit.conf\n',
    )
    expect(fileByPath(files, 'nodes/gpu-01/files/etc/systemd/system/prometheus-node-exporter.service').content).toContain(
      'ExecStart=/usr/bin/prometheus-node-exporter --web.listen-address=:9100 --collector.textfile.directory=/var/lib/prometheus/node-exporter',
    )
  })

  it('uses the fleet’s node_exporter port and textfile directory, and skips macOS nodes', async () => {
    const fleet = await fleetFromYaml(`apiVersion: inferwatch/v1
kind: Fleet
metadata: {name: t}
nodes:
  - {name: box, address: 10.0.0.2, hardware: generic-linux, exporters: {node-exporter: {port: 9200}, textfile: {directory: /srv/textfile}}}
  - {name: mac, address: 10.0.0.3, hardware: apple-silicon}
`)
    const files = runGenerators(withTargets(fleet, 'systemd'))
    expect(fileByPath(files, 'nodes/box/files/etc/systemd/system/prometheus-node-exporter.service').content).toContain('--web.listen-address=:9200 --collector.textfile.directory=/srv/textfile')
    expect(fileByPath(files, 'nodes/box/install.sh').content).toContain('install -d -m 0755 "$dest"/srv/textfile')
    expect(files.some((f) => f.path.startsWith('nodes/mac/'))).toBe(false)
    expect(fileByPath(files, 'README.md').content).toContain('No systemd bundle for mac: macOS runs launchd, not systemd.')
    expect(runGenerators(fleet).some((f) => f.path.startsWith('nodes/'))).toBe(false)
  })

  it('writes units systemd-analyze accepts and an install.sh that passes sh -n and shellcheck', async () => {
    const files = runGenerators(withTargets(await loadExample('pi-cluster'), 'systemd'))
    const dir = await tempDir('inferwatch-bundle-')
    await writeAll(dir, files.filter((f) => f.path.startsWith('nodes/pi-01/')))
    const units = join(dir, 'nodes/pi-01/files/etc/systemd/system')
    const verify = await execa('systemd-analyze', ['verify', '--man=no', ...['prometheus-node-exporter.service', 'inferwatch-rpi-throttled.timer'].map((u) => join(units, u))], {reject: false})
    // The Pi script is installed by install.sh, not here; that it is missing is the only complaint allowed.
    const problems = verify.stderr.split('\n').filter((line) => line.trim() && !/inferwatch-rpi-throttled(?!\.)|is not executable|No such file or directory|Failed to prepare filename/.test(line))
    expect(problems, verify.stderr).toEqual([])
    const script = join(dir, 'nodes/pi-01/install.sh')
    expect((await execa('sh', ['-n', script], {reject: false})).exitCode).toBe(0)
    const lint = await execa('shellcheck', ['--shell=sh', script], {reject: false})
    expect(lint.exitCode, lint.stdout).toBe(0)
  })

  it('install.sh puts every file in place with its mode, and a second run changes nothing', async () => {
    const files = runGenerators(withTargets(await loadExample('pi-cluster'), 'systemd'))
    const dir = await tempDir('inferwatch-install-')
    await writeAll(dir, files.filter((f) => f.path.startsWith('nodes/pi-01/')))
    const root = join(dir, 'root')
    const install = () => execa('sh', [join(dir, 'nodes/pi-01/install.sh')], {env: {DESTDIR: root}, reject: false})
    const first = await install()
    expect(first.exitCode, first.stderr).toBe(0)
    expect(first.stdout).toContain('install.sh: installed /usr/local/bin/inferwatch-rpi-throttled')
    expect(first.stdout).toContain('install.sh: would run: systemctl daemon-reload')
    expect(first.stdout).toContain('install.sh: would run: systemctl enable --now fluent-bit.service inferwatch-rpi-throttled.timer prometheus-node-exporter.service')
    expect(first.stdout).toContain('install.sh: would run: systemctl try-restart fluent-bit.service inferwatch-rpi-throttled.service prometheus-node-exporter.service')
    expect(await readFile(join(root, 'etc/systemd/system/fluent-bit.service.d/inferwatch.conf'), 'utf8')).toContain('ExecStart=/opt/fluent-bit/bin/fluent-bit')
    expect((await stat(join(root, 'usr/local/bin/inferwatch-rpi-throttled'))).mode & 0o777).toBe(0o755)
    expect((await stat(join(root, 'etc/systemd/system/prometheus-node-exporter.service'))).mode & 0o777).toBe(0o644)
    expect((await stat(join(root, 'var/lib/prometheus/node-exporter'))).isDirectory()).toBe(true)
    expect(await readFile(join(root, 'etc/systemd/system/inferwatch-rpi-throttled.timer'), 'utf8')).toBe(fileByPath(files, 'nodes/pi-01/files/etc/systemd/system/inferwatch-rpi-throttled.timer').content)

    const second = await install()
    expect(second.exitCode, second.stderr).toBe(0)
    expect(second.stdout).not.toContain('installed')
    expect(second.stdout).not.toContain('try-restart')
    expect(second.stdout).toContain('would run: systemctl enable --now')
  })

  it('matches the snapshot of one node’s install.sh', async () => {
    const files = runGenerators(withTargets(await loadExample('pi-cluster'), 'systemd'))
    expect(fileByPath(files, 'nodes/pi-01/install.sh').content).toMatchSnapshot()
  })
})
