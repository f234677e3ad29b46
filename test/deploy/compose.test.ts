import {spawnSync} from 'node:child_process'
import {mkdir, writeFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'

import {execa} from 'execa'
import {afterAll, describe, expect, it} from 'vitest'
import {parse} from 'yaml'

import {secretName} from '../../src/generators/deploy-compose/index.js'
import {runGenerators} from '../../src/generators/run-generators.js'
import type {OutputFile} from '../../src/generators/types.js'
import type {Fleet} from '../../src/normalize/fleet-model.js'
import {freePort, Processes, waitFor} from '../e2e/processes.js'
import {loadExample, tempDir} from '../helpers/fleet.js'
import {fileByPath, writeOutput} from '../helpers/output.js'

interface ComposeService {
  image: string
  restart: string
  network_mode: string
  command?: string[]
  environment?: Record<string, string>
  healthcheck: {test: string[]}
  volumes: string[]
  secrets?: {source: string; target: string}[]
}
interface Compose {
  name: string
  services: Record<string, ComposeService>
  volumes: Record<string, object>
  secrets: Record<string, {file: string}>
}

const composeOf = (files: readonly OutputFile[]) => parse(fileByPath(files, 'compose.yaml').content) as Compose
const FILE_SETTING = /^\s*(?:- )?[a-z_]+_file: (\/\S+)$/gm

describe('compose.yaml for the monitoring host (--target compose, the default)', () => {
  it('runs every monitoring service from a pinned image, with a health check and restart policy', async () => {
    const fleet = await loadExample('mixed')
    const compose = composeOf(runGenerators(fleet))
    expect(Object.keys(compose.services).sort()).toEqual(['alertmanager', 'blackbox-exporter', 'grafana', 'loki', 'prometheus', 'pushgateway'])
    for (const [name, service] of Object.entries(compose.services)) {
      expect(service.image, name).toMatch(/^[a-z/-]+:v?\d+\.\d+\.\d+$/)
      expect(service.restart).toBe('unless-stopped')
      expect(service.healthcheck.test.slice(0, 4), name).toEqual(['CMD', 'wget', '-q', '--spider'])
      expect(service.healthcheck.test[4], name).toMatch(/^http:\/\/localhost:\d+\//)
    }
    // The Alertmanager image is the release the generated config was written for.
    expect(compose.services.alertmanager!.image).toBe(`prom/alertmanager:v${fleet.alerting!.alertmanagerVersion}.0`)
    expect(compose.services.prometheus!.command).toContain(`--storage.tsdb.retention.time=${fleet.prometheus.retention}`)
  })

  it('mounts the generated folders read-only and keeps data in named volumes', async () => {
    const files = runGenerators(await loadExample('mixed'))
    const compose = composeOf(files)
    for (const [name, service] of Object.entries(compose.services)) {
      for (const volume of service.volumes) {
        const [source, target, mode] = volume.split(':')
        if (source!.startsWith('./')) {
          expect(mode, `${name} ${volume}`).toBe('ro')
          expect(files.some((f) => f.path.startsWith(`${source!.slice(2)}/`)), `${name}: ${source} is generated`).toBe(true)
        } else {
          expect(compose.volumes, `${name}: volume ${source}`).toHaveProperty(source!)
          expect(target).toMatch(/^\//)
        }
      }
      // Every config a service is started with is a generated file under one of its mounts.
      for (const flag of (service.command ?? []).filter((c) => c.startsWith('--config.file=/etc/inferwatch/'))) {
        const path = flag.slice('--config.file=/etc/inferwatch/'.length)
        expect(service.volumes.some((v) => v.startsWith(`./${path.split('/')[0]}:/etc/inferwatch/${path.split('/')[0]}:ro`)), flag).toBe(true)
        fileByPath(files, path)
      }
    }
    expect(compose.services.grafana!.volumes).toContain('./grafana/provisioning:/etc/grafana/provisioning:ro')
  })

  it('gives each service every secret file its generated config names, from the secrets folder', async () => {
    const files = runGenerators(await loadExample('gpu-server'))
    const compose = composeOf(files)
    const named = (path: string) => [...fileByPath(files, path).content.replace(/^\s*#.*$/gm, '').matchAll(FILE_SETTING)].map((m) => m[1]!).sort()
    const targets = (service: string) => [...new Set((compose.services[service]!.secrets ?? []).map((s) => s.target))].sort()
    expect(targets('prometheus')).toEqual([...new Set(named('prometheus/prometheus.yml'))].sort())
    expect(targets('prometheus')).toContain('/etc/prometheus/secrets/mimir-password')
    expect(targets('alertmanager')).toEqual(named('alertmanager/alertmanager.yml'))
    expect(targets('blackbox-exporter')).toEqual([...new Set(named('blackbox/blackbox.yml'))].sort())
    for (const service of Object.values(compose.services)) {
      for (const secret of service.secrets ?? []) expect(compose.secrets[secret.source]!.file).toBe(`\${INFERWATCH_SECRETS_DIR:-./secrets}/${secret.source}`)
    }
    expect(compose.services.grafana!.environment!.GF_SECURITY_ADMIN_PASSWORD__FILE).toBe('/run/secrets/grafana-admin-password')
    const env = fileByPath(files, '.env.example').content
    expect(env).toContain('INFERWATCH_SECRETS_DIR=./secrets')
    expect(env).toContain(`#   ${secretName('/etc/prometheus/secrets/mimir-password')} (mounted at /etc/prometheus/secrets/mimir-password)`)
    // The secrets themselves are never in the output.
    expect(files.some((f) => f.path.startsWith('secrets/'))).toBe(false)
  })

  it('runs Loki only when logs go to Loki, and the agent config in agent mode', async () => {
    const gpu = composeOf(runGenerators(await loadExample('gpu-server')))
    expect(gpu.services).not.toHaveProperty('loki')
    const fleet = await loadExample('pi-cluster')
    const agent: Fleet = {...fleet, prometheus: {...fleet.prometheus, mode: 'agent'}}
    expect(composeOf(runGenerators(agent)).services.prometheus!.command).toEqual(expect.arrayContaining(['--config.file=/etc/inferwatch/prometheus/prometheus-agent.yml', '--enable-feature=agent']))
  })

  it('is not written when other targets are chosen', async () => {
    const fleet = await loadExample('pi-cluster')
    const files = runGenerators({...fleet, deploy: {targets: ['systemd']}})
    expect(files.some((f) => f.path === 'compose.yaml' || f.path === '.env.example')).toBe(false)
  })

  const composePlugin = spawnSync('docker', ['compose', 'version']).status === 0
  it.skipIf(!composePlugin)('passes docker compose config', async () => {
    const dir = await tempDir('inferwatch-compose-')
    const files = runGenerators(await loadExample('gpu-server'))
    await writeOutput(dir, files)
    for (const name of Object.keys(composeOf(files).secrets)) {
      await mkdir(join(dir, 'secrets'), {recursive: true})
      await writeFile(join(dir, 'secrets', name), 'x\n')
    }
    const run = await execa('docker', ['compose', '-f', join(dir, 'compose.yaml'), 'config', '--quiet'], {reject: false})
    expect(run.exitCode, run.stderr).toBe(0)
  })
})

describe('compose.yaml’s commands, run by the real programs', () => {
  const processes = new Processes()
  afterAll(() => processes.stopAll())

  it('start Prometheus, Alertmanager, blackbox_exporter and the Pushgateway with exactly those flags and the mounted files', async () => {
    const dir = await tempDir('inferwatch-compose-run-')
    const files = runGenerators(await loadExample('pi-cluster'))
    await writeOutput(dir, files)
    const compose = composeOf(files)
    const binaries: Record<string, string> = {
      alertmanager: 'prometheus-alertmanager',
      'blackbox-exporter': 'prometheus-blackbox-exporter',
      prometheus: 'prometheus',
      pushgateway: 'prometheus-pushgateway',
    }
    const ready: Promise<unknown>[] = []
    for (const [service, binary] of Object.entries(binaries)) {
      const spec = compose.services[service]!
      const port = await freePort()
      // Only what the container would provide differs: its mounts (the generated folder, a data
      // folder, the secrets) and a free port instead of the service's fixed one.
      const data = join(dir, 'data', service)
      const mounts = spec.volumes.map((v) => v.split(':') as [string, string]).map(([source, target]) => [target, source.startsWith('./') ? join(dir, source) : data] as const)
      for (const secret of spec.secrets ?? []) {
        const path = join(dir, 'secret-files', secret.target)
        await mkdir(dirname(path), {recursive: true})
        await writeFile(path, 'stand-in\n')
        mounts.push([secret.target, path])
      }
      await mkdir(data, {recursive: true})
      const args = spec.command!.map((arg) => {
        if (arg.startsWith('--web.listen-address=')) return `--web.listen-address=127.0.0.1:${port}`
        const mount = mounts.find(([target]) => arg.includes(`=${target}`))
        return mount ? arg.replace(`=${mount[0]}`, `=${mount[1]}`) : arg
      })
      const started = processes.start(service, binary, args)
      const path = new URL(spec.healthcheck.test[4]!).pathname
      ready.push(waitFor(`${service} to pass its health check`, 30_000, async () => ((await fetch(`http://127.0.0.1:${port}${path}`)).ok ? true : undefined), () => started.log()))
    }
    await Promise.all(ready)
  })
})
