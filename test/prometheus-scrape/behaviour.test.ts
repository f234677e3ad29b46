import {parse} from 'yaml'
import {describe, expect, it} from 'vitest'

import {EXPORTERS, MONITORING_SERVICES, RUNTIMES} from '../../src/catalog/index.js'
import {prometheusScrapeGenerator} from '../../src/generators/prometheus-scrape/index.js'
import {EXAMPLES, fleetFromYaml, loadExample} from '../helpers/fleet.js'
import {fileByPath} from '../helpers/output.js'
import {MINIMAL_FLEET, SCALE_FLEET} from './fleets.js'
import {generate, job, jobNames, prometheusConfig, targetFiles} from './generate.js'

const MODEL_LABELS = ['server', 'runtime']

describe('which jobs a fleet gets', () => {
  it('a fleet with no NVIDIA node has no dcgm job and no dcgm targets', async () => {
    const files = generate(await loadExample('pi-cluster'))
    expect(jobNames(prometheusConfig(files))).not.toContain(EXPORTERS['dcgm-exporter'].job)
    expect(targetFiles(files).has('dcgm')).toBe(false)
  })

  it('a fleet with an NVIDIA node scrapes dcgm-exporter on it', async () => {
    const targets = targetFiles(generate(await loadExample('gpu-server')))
    expect(targets.get('dcgm')?.map((g) => g.targets[0])).toEqual([`gpu-01.lan.example.com:${EXPORTERS['dcgm-exporter'].defaultPort}`])
  })

  it('Ollama servers are probed, never scraped as a model-* job', async () => {
    const files = generate(await loadExample('mixed'))
    const targets = targetFiles(files)
    const serversIn = (job: string) => (targets.get(job) ?? []).map((g) => g.labels.server)
    for (const [name] of targets) {
      if (name.startsWith('model-')) expect(serversIn(name), name).not.toContain('ollama-tools')
    }
    expect(jobNames(prometheusConfig(files))).not.toContain('model-ollama')
    expect(serversIn('probe-health')).toContain('ollama-tools')
    expect(targets.get('probe-health')!.find((g) => g.labels.server === 'ollama-tools')!.targets).toEqual([`http://192.168.10.40:${RUNTIMES.ollama.defaultPort}${RUNTIMES.ollama.healthPath}`])
  })

  it('the minimal fleet scrapes Prometheus and node_exporter, probes nothing, and needs no blackbox.yml', async () => {
    const files = generate(await fleetFromYaml(MINIMAL_FLEET))
    expect(jobNames(prometheusConfig(files))).toEqual(['prometheus', 'node'])
    expect(files.map((f) => f.path).sort()).toEqual(['prometheus/prometheus.yml', 'prometheus/targets/node.json'])
  })

  it('Fluent Bit is scraped on every node only when the fleet ships logs, the Pushgateway only when it has drift jobs', async () => {
    const withBoth = prometheusConfig(generate(await loadExample('mixed')))
    const fluentBit = job(withBoth, 'fluent-bit')
    expect(fluentBit.metrics_path).toBe(MONITORING_SERVICES.fluentBit.metricsPath)
    expect(targetFiles(generate(await loadExample('mixed'))).get('fluent-bit')).toHaveLength(3)
    expect(job(withBoth, 'pushgateway').honor_labels).toBe(true)

    const pi = prometheusConfig(generate(await loadExample('pi-cluster')))
    expect(jobNames(pi)).toContain('fluent-bit')
    expect(jobNames(pi)).not.toContain('pushgateway')
    expect(jobNames(prometheusConfig(generate(await fleetFromYaml(MINIMAL_FLEET))))).not.toContain('fluent-bit')
  })
})

describe('the label contract', () => {
  it.each([...EXAMPLES, 'scale'] as const)('every target of %s carries node and hardware', async (name) => {
    const fleet = name === 'scale' ? await fleetFromYaml(SCALE_FLEET) : await loadExample(name)
    const targets = targetFiles(generate(fleet))
    expect(targets.size).toBeGreaterThan(0)
    for (const [job, groups] of targets) {
      for (const group of groups) {
        expect(group.targets, job).toHaveLength(1)
        expect(group.labels, `${job} ${group.targets[0]}`).toHaveProperty('node')
        expect(group.labels, `${job} ${group.targets[0]}`).toHaveProperty('hardware')
      }
    }
  })

  it('model-server and probe targets carry server and runtime, and model/stage when the server serves one model', async () => {
    const fleet = await fleetFromYaml(SCALE_FLEET)
    const targets = targetFiles(generate(fleet))
    const serverJobs = [...targets.keys()].filter((name) => name.startsWith('model-') || name.startsWith('probe-'))
    expect(serverJobs.sort()).toEqual(['model-custom', 'model-triton', 'model-vllm', 'probe-health', 'probe-tls'])
    for (const name of serverJobs) {
      for (const group of targets.get(name)!) {
        for (const label of MODEL_LABELS) expect(group.labels, name).toHaveProperty(label)
        const server = fleet.servers.find((s) => s.name === group.labels.server)!
        expect(group.labels.runtime).toBe(server.runtime.id)
        if (server.models.length === 1) {
          expect(group.labels.model).toBe(server.models[0]!.name)
          expect(group.labels.stage).toBe(server.models[0]!.stage)
        } else {
          expect(group.labels, `${server.name} serves several models`).not.toHaveProperty('model')
          expect(group.labels).not.toHaveProperty('stage')
        }
      }
    }
  })

  it('node labels site/tenant/role are copied when the node has them and left out otherwise', async () => {
    const targets = targetFiles(generate(await fleetFromYaml(SCALE_FLEET)))
    const byNode = new Map(targets.get('node')!.map((g) => [g.labels.node, g.labels]))
    expect(byNode.get('gpu-a')).toMatchObject({hardware: 'nvidia-gpu', role: 'inference', site: 'dc1', tenant: 'team-a'})
    expect(Object.keys(byNode.get('pi-a')!).sort()).toEqual(['hardware', 'node'])
  })

  it('a canary server is labelled stage="canary" with its model_version', async () => {
    const groups = targetFiles(generate(await loadExample('mixed'))).get('model-vllm')!
    expect(groups.find((g) => g.labels.server === 'vllm-canary')!.labels).toMatchObject({model: 'mistral-7b-instruct', model_version: 'v0.4-rc1', stage: 'canary'})
  })

  it('target files are sorted by node, then server', async () => {
    for (const [name, groups] of targetFiles(generate(await fleetFromYaml(SCALE_FLEET)))) {
      const keys = groups.map((g) => `${g.labels.node}\u0000${g.labels.server ?? ''}`)
      expect(keys, name).toEqual([...keys].sort())
    }
  })
})

describe('schemes and TLS', () => {
  it('https targets of a job with mixed schemes carry __scheme__ and the job gets the fleet tls_config', async () => {
    const fleet = await fleetFromYaml(SCALE_FLEET)
    const files = generate(fleet)
    const vllm = targetFiles(files).get('model-vllm')!
    expect(vllm.find((g) => g.labels.server === 'vllm-a')!.labels.__scheme__).toBe('https')
    expect(vllm.find((g) => g.labels.server === 'vllm-b')!.labels).not.toHaveProperty('__scheme__')
    const config = prometheusConfig(files)
    expect(jobNames(config)).not.toContain('model-vllm-https')
    expect(job(config, 'model-vllm').tls_config).toEqual({
      ca_file: fleet.tls!.caFile,
      cert_file: fleet.tls!.certFile,
      key_file: fleet.tls!.keyFile,
      server_name: fleet.tls!.serverName,
    })
    expect(job(config, 'dcgm').tls_config).toBeUndefined()
  })

  it('a job whose targets all speak https uses scheme: https', async () => {
    const config = prometheusConfig(generate(await loadExample('gpu-server')))
    expect(job(config, 'model-vllm')).toMatchObject({scheme: 'https', tls_config: {server_name: 'gpu-01.lan.example.com'}})
    expect(job(config, 'node').scheme).toBe('http')
    expect(job(config, 'node').tls_config).toBeUndefined()
  })

  it('a per-node metrics path becomes __metrics_path__ on that target only', async () => {
    const node = targetFiles(generate(await fleetFromYaml(SCALE_FLEET))).get('node')!
    expect(node.find((g) => g.labels.node === 'box-b')!.labels.__metrics_path__).toBe('/node-metrics')
    expect(node.find((g) => g.labels.node === 'pi-a')!.labels).not.toHaveProperty('__metrics_path__')
  })

  it('only https servers get a TLS probe, at host:port', async () => {
    const targets = targetFiles(generate(await fleetFromYaml(SCALE_FLEET))).get('probe-tls')!
    expect(targets.map((g) => [g.labels.server, g.targets[0]])).toEqual([['vllm-a', 'gpu-a.example.com:8000']])
    expect(targetFiles(generate(await loadExample('mixed'))).has('probe-tls')).toBe(false)
  })
})

describe('probes', () => {
  it('probe jobs send targets to blackbox_exporter and keep the probed target as instance', async () => {
    const fleet = await fleetFromYaml(SCALE_FLEET)
    const config = prometheusConfig(generate(fleet))
    for (const [name, module] of [['probe-health', 'http_2xx'], ['probe-tls', 'tls_connect']] as const) {
      const probe = job(config, name)
      expect(probe.metrics_path).toBe(MONITORING_SERVICES.blackbox.metricsPath)
      expect(probe.params).toEqual({module: [module]})
      expect(probe.relabel_configs).toEqual([
        {source_labels: ['__address__'], target_label: '__param_target'},
        {source_labels: ['__param_target'], target_label: 'instance'},
        {replacement: fleet.prometheus.blackboxAddress, target_label: '__address__'},
      ])
    }
  })

  it('blackbox.yml defines exactly the modules the probe jobs use, with the fleet TLS files for mTLS', async () => {
    const fleet = await fleetFromYaml(SCALE_FLEET)
    const files = generate(fleet)
    const modules = (parse(fileByPath(files, 'blackbox/blackbox.yml').content) as {modules: Record<string, any>}).modules
    const used = prometheusConfig(files).scrape_configs.flatMap((j) => j.params?.module ?? [])
    expect(Object.keys(modules).sort()).toEqual([...new Set(used)].sort())
    expect(modules.http_2xx.prober).toBe('http')
    expect(modules.tls_connect).toMatchObject({prober: 'tcp', tcp: {tls: true, tls_config: {ca_file: fleet.tls!.caFile, cert_file: fleet.tls!.certFile, key_file: fleet.tls!.keyFile}}})

    const mixed = parse(fileByPath(generate(await loadExample('mixed')), 'blackbox/blackbox.yml').content) as {modules: Record<string, unknown>}
    expect(Object.keys(mixed.modules)).toEqual(['http_2xx'])
  })
})

describe('sharding', () => {
  it('shards: 3 writes three configs whose hashmod keep regexes are 0, 1 and 2', async () => {
    const files = generate(await fleetFromYaml(SCALE_FLEET))
    const shards = files.map((f) => f.path).filter((p) => p.startsWith('prometheus/shards/'))
    expect(shards).toEqual([0, 1, 2].map((i) => `prometheus/shards/prometheus-shard-${i}.yml`))
    shards.forEach((path, index) => {
      const config = prometheusConfig(files, path)
      expect(config.global.external_labels.shard).toBe(String(index))
      // A shard sees only its share of targets: it records, and alerting happens where shards meet.
      expect(config.rule_files).toEqual(['../rules/recording.yml'])
      expect(config.alerting).toBeUndefined()
      for (const scrape of config.scrape_configs) {
        if (scrape.job_name === 'prometheus') {
          expect(scrape.relabel_configs, 'every shard watches itself').toBeUndefined()
          continue
        }
        // First, so probes hash on the probed URL rather than on the shared blackbox address.
        expect(scrape.relabel_configs!.slice(0, 2), scrape.job_name).toEqual([
          {action: 'hashmod', modulus: 3, source_labels: ['__address__'], target_label: '__tmp_hash'},
          {action: 'keep', regex: String(index), source_labels: ['__tmp_hash']},
        ])
        for (const sd of scrape.file_sd_configs ?? []) expect(sd.files[0]).toBe(`../targets/${scrape.job_name}.json`)
      }
    })
  })

  it('shards are identical except for the shard number, and the unsharded config stays', async () => {
    const files = generate(await fleetFromYaml(SCALE_FLEET))
    const strip = (path: string, i: number) => fileByPath(files, path).content.replaceAll(`Shard ${i} of`, 'Shard N of').replace(/regex: "\d"/g, 'regex: "N"').replace(/shard: "\d"/g, 'shard: "N"').replace(/hashes to \d/, 'hashes to N')
    expect(strip('prometheus/shards/prometheus-shard-1.yml', 1)).toBe(strip('prometheus/shards/prometheus-shard-0.yml', 0))
    expect(strip('prometheus/shards/prometheus-shard-2.yml', 2)).toBe(strip('prometheus/shards/prometheus-shard-0.yml', 0))
    const single = prometheusConfig(files)
    expect(single.global.external_labels).not.toHaveProperty('shard')
    expect(single.scrape_configs.every((j) => !(j.relabel_configs ?? []).some((r) => r.action === 'hashmod'))).toBe(true)
  })

  it('a fleet without shards writes no shard configs', async () => {
    expect(generate(await loadExample('mixed')).some((f) => f.path.startsWith('prometheus/shards/'))).toBe(false)
  })
})

describe('agent mode and remote write', () => {
  it('the agent config has the same scrape jobs and remote_write, and no rule_files, alerting or evaluation_interval', async () => {
    const files = generate(await fleetFromYaml(SCALE_FLEET))
    const server = prometheusConfig(files)
    const agent = prometheusConfig(files, 'prometheus/prometheus-agent.yml')
    expect(agent.scrape_configs).toEqual(server.scrape_configs)
    expect(agent.remote_write).toEqual(server.remote_write)
    expect(agent).not.toHaveProperty('rule_files')
    expect(agent).not.toHaveProperty('alerting')
    expect(agent.global).not.toHaveProperty('evaluation_interval')
  })

  it('an agent config is written when the fleet remote-writes, and not otherwise', async () => {
    expect(generate(await loadExample('gpu-server')).map((f) => f.path)).toContain('prometheus/prometheus-agent.yml')
    expect(generate(await loadExample('mixed')).map((f) => f.path)).not.toContain('prometheus/prometheus-agent.yml')
  })

  it('remote_write sends the tenant header each store reads, and a sane queue', async () => {
    const remote = prometheusConfig(generate(await fleetFromYaml(SCALE_FLEET))).remote_write!
    expect(remote.map((r) => r.name)).toEqual(['mimir', 'thanos', 'victoria'])
    expect(remote[0]!.headers).toEqual({'X-Scope-OrgID': 'team-a'})
    expect(remote[1]!.headers).toEqual({'THANOS-TENANT': 'team-a'})
    expect(remote[2]).not.toHaveProperty('headers')
    for (const target of remote) {
      const queue = target.queue_config as Record<string, number | string>
      expect(Object.keys(queue).sort()).toEqual(['batch_send_deadline', 'capacity', 'max_backoff', 'max_samples_per_send', 'max_shards', 'min_backoff', 'min_shards'])
      expect(queue.capacity as number).toBeGreaterThanOrEqual(3 * (queue.max_samples_per_send as number))
    }
  })

  it('global settings and external labels come from the fleet', async () => {
    const fleet = await loadExample('pi-cluster')
    const {global} = prometheusConfig(generate(fleet))
    expect(global).toMatchObject({evaluation_interval: '30s', scrape_interval: '30s', scrape_timeout: fleet.scrape.timeout})
    expect(global.external_labels).toEqual({cluster: 'pi-cluster', environment: 'production', fleet: 'pi-cluster'})
  })
})

describe('secrets and stability', () => {
  const SECRET_KEYS = ['password', 'bearer_token', 'credentials', 'ca', 'cert', 'key']

  function keysOf(value: unknown, path = ''): [string, unknown][] {
    if (Array.isArray(value)) return value.flatMap((v, i) => keysOf(v, `${path}[${i}]`))
    if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [[`${path}.${k}`, v] as [string, unknown], ...keysOf(v, `${path}.${k}`)])
    return []
  }

  it.each([...EXAMPLES, 'scale'] as const)('credentials and certificates of %s appear only as *_file paths', async (name) => {
    const fleet = name === 'scale' ? await fleetFromYaml(SCALE_FLEET) : await loadExample(name)
    for (const file of generate(fleet).filter((f) => f.path.endsWith('.yml'))) {
      for (const [path, value] of keysOf(parse(file.content))) {
        const key = path.slice(path.lastIndexOf('.') + 1)
        expect(SECRET_KEYS, `${file.path}: ${path}`).not.toContain(key)
        if (key.endsWith('_file')) expect(value, `${file.path}: ${path}`).toMatch(/^\//)
      }
    }
  })

  it.each([...EXAMPLES, 'scale'] as const)('generating %s twice yields identical bytes', async (name) => {
    const load = () => (name === 'scale' ? fleetFromYaml(SCALE_FLEET) : loadExample(name))
    expect(prometheusScrapeGenerator.generate(await load())).toEqual(prometheusScrapeGenerator.generate(await load()))
  })
})

describe('README notes come from the catalog', () => {
  it('the mixed fleet tells about macmon, llama.cpp --metrics and Ollama being probed only', async () => {
    const notes = prometheusScrapeGenerator.generate(await loadExample('mixed')).notes!
    expect(notes).toEqual(expect.arrayContaining([...EXPORTERS.macmon.notes, ...RUNTIMES.ollama.notes]))
    expect(notes.some((n) => n.includes(RUNTIMES['llama-cpp'].metrics!.note!))).toBe(true)
  })

  it('the Pi cluster tells that the Hailo exporter needs HAILO_MONITOR=1', async () => {
    expect(prometheusScrapeGenerator.generate(await loadExample('pi-cluster')).notes).toEqual(expect.arrayContaining([...EXPORTERS['hailo-exporter'].notes]))
  })

  it('sharding, agent mode and an ignored tenant are explained', async () => {
    const notes = prometheusScrapeGenerator.generate(await fleetFromYaml(SCALE_FLEET)).notes!.join('\n')
    expect(notes).toContain('prometheus/shards/prometheus-shard-<i>.yml')
    expect(notes).toContain('--enable-feature=agent')
    expect(notes).toContain('Remote write `victoria`')
  })
})
