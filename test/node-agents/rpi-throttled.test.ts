import {chmod, mkdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {execa} from 'execa'
import {describe, expect, it} from 'vitest'

import {nodeAgentsGenerator} from '../../src/generators/node-agents/index.js'
import {fleetFromYaml, loadExample, tempDir} from '../helpers/fleet.js'
import {fileByPath} from '../helpers/output.js'

/** Runs the generated script with a stand-in `vcgencmd` that prints `reading`, as the firmware would. */
async function publish(reading: string): Promise<{exitCode: number; prom: string | undefined; stderr: string}> {
  const {files} = nodeAgentsGenerator.generate(await loadExample('pi-cluster'))
  const dir = await tempDir('inferwatch-rpi-')
  const bin = join(dir, 'bin')
  const textfiles = join(dir, 'textfile')
  await mkdir(bin)
  await mkdir(textfiles)
  await writeFile(join(bin, 'vcgencmd'), `#!/bin/sh\necho '${reading}'\n`)
  await chmod(join(bin, 'vcgencmd'), 0o755)
  const script = join(dir, 'inferwatch-rpi-throttled')
  await writeFile(script, fileByPath(files, 'node-agents/inferwatch-rpi-throttled').content)
  const run = await execa('dash', [script, textfiles], {env: {PATH: `${bin}:/usr/bin:/bin`}, reject: false})
  const prom = await readFile(join(textfiles, 'inferwatch_rpi_throttled.prom'), 'utf8').catch(() => undefined)
  return {exitCode: run.exitCode ?? -1, prom, stderr: run.stderr}
}

describe('Raspberry Pi throttling publisher', () => {
  it('decodes vcgencmd get_throttled bits into the metric the NodeThrottled alert reads', async () => {
    // 0x50005: under-voltage and throttled now; under-voltage and throttled since boot.
    const {exitCode, prom} = await publish('throttled=0x50005')
    expect(exitCode).toBe(0)
    expect(prom).toContain('inferwatch_rpi_throttled{flag="throttled",when="now"} 1')
    expect(prom).toContain('inferwatch_rpi_throttled{flag="under_voltage",when="now"} 1')
    expect(prom).toContain('inferwatch_rpi_throttled{flag="freq_capped",when="now"} 0')
    expect(prom).toContain('inferwatch_rpi_throttled{flag="throttled",when="since_boot"} 1')
    expect(prom).toContain('inferwatch_rpi_throttled{flag="soft_temp_limit",when="since_boot"} 0')
    const lint = await execa('promtool', ['check', 'metrics'], {input: prom, reject: false})
    expect(lint.exitCode, lint.stdout + lint.stderr).toBe(0)
  })

  it('writes nothing when vcgencmd answers something unexpected', async () => {
    const {exitCode, prom, stderr} = await publish('error=1 error_msg="Command not registered"')
    expect(exitCode).toBe(1)
    expect(stderr).toContain('unexpected vcgencmd output')
    expect(prom).toBeUndefined()
  })

  it('ships a systemd service and timer that systemd-analyze accepts', async () => {
    const {files} = nodeAgentsGenerator.generate(await loadExample('pi-cluster'))
    const dir = await tempDir('inferwatch-units-')
    for (const unit of ['inferwatch-rpi-throttled.service', 'inferwatch-rpi-throttled.timer']) {
      await writeFile(join(dir, unit), fileByPath(files, `node-agents/${unit}`).content)
    }
    const service = fileByPath(files, 'node-agents/inferwatch-rpi-throttled.service').content
    expect(service).toContain('ExecStart=/usr/local/bin/inferwatch-rpi-throttled /var/lib/prometheus/node-exporter')
    expect(fileByPath(files, 'node-agents/inferwatch-rpi-throttled.timer').content).toContain('OnUnitActiveSec=30s')
    const verify = await execa('systemd-analyze', ['verify', '--man=no', join(dir, 'inferwatch-rpi-throttled.timer')], {reject: false})
    const problems = verify.stderr.split('\n').filter((line) => line.trim() && !/is not executable|No such file or directory|Failed to prepare filename/.test(line))
    expect(problems, verify.stderr).toEqual([])
  })

  it('is generated only for Raspberry Pis', async () => {
    const fleet = await fleetFromYaml(`apiVersion: inferwatch/v1
kind: Fleet
metadata: {name: gpu}
nodes:
  - {name: gpu-01, address: 10.0.0.2, hardware: nvidia-gpu}
`)
    expect(nodeAgentsGenerator.generate(fleet).files).toEqual([])
    // Generated once and installed on every Pi: the files do not name a node.
    const files = nodeAgentsGenerator.generate(await loadExample('pi-cluster')).files
    expect(files.map((f) => f.path)).toEqual(['node-agents/inferwatch-rpi-throttled', 'node-agents/inferwatch-rpi-throttled.service', 'node-agents/inferwatch-rpi-throttled.timer'])
    for (const file of files) {
      expect(file.install!.nodes).toEqual(['pi-01', 'pi-02', 'pi-03'])
      expect(file.content).not.toMatch(/pi-0\d/)
    }
  })

  it('gets a folder per textfile directory when the Pis write to different ones', async () => {
    const fleet = await fleetFromYaml(`apiVersion: inferwatch/v1
kind: Fleet
metadata: {name: pis}
nodes:
  - {name: pi-a, address: 10.0.0.2, hardware: raspberry-pi-5}
  - {name: pi-b, address: 10.0.0.3, hardware: raspberry-pi-5, exporters: {textfile: {directory: /srv/textfiles}}}
  - {name: pi-c, address: 10.0.0.4, hardware: raspberry-pi-5}
`)
    const files = nodeAgentsGenerator.generate(fleet).files
    const services = files.filter((f) => f.path.endsWith('.service'))
    expect(services.map((f) => [f.path, f.install!.nodes])).toEqual([
      ['node-agents/srv-textfiles/inferwatch-rpi-throttled.service', ['pi-b']],
      ['node-agents/var-lib-prometheus-node-exporter/inferwatch-rpi-throttled.service', ['pi-a', 'pi-c']],
    ])
    expect(services[0]!.content).toContain('ExecStart=/usr/local/bin/inferwatch-rpi-throttled /srv/textfiles')
    expect(services[1]!.content).toContain('ExecStart=/usr/local/bin/inferwatch-rpi-throttled /var/lib/prometheus/node-exporter')
    expect(nodeAgentsGenerator.generate(fleet).notes!.join('\n')).toContain('On pi-a, pi-c (textfiles in /var/lib/prometheus/node-exporter), install node-agents/var-lib-prometheus-node-exporter/inferwatch-rpi-throttled')
  })
})
