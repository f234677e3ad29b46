import {parse} from 'yaml'
import {describe, expect, it} from 'vitest'

import {loadFleet} from '../../src/pipeline.js'
import {fleetFromYaml, loadExample, tempDir} from '../helpers/fleet.js'
import {fileByPath} from '../helpers/output.js'
import {generate as generateScrape, targetFiles} from '../prometheus-scrape/generate.js'
import {everyFeatureFleet, everyFeatureYaml, generate} from './fleets.js'
import {type ParsedConfig, parseClassicConfig, parseYamlConfig, type Plugin} from './structure.js'

const one = (plugin: Plugin, key: string) => plugin.props.get(key)?.[0]
const named = (config: ParsedConfig, name: string) => config.plugins.filter((p) => p.name === name)
const yamlConfig = async (sink: Parameters<typeof everyFeatureFleet>[0], node: string) =>
  parseYamlConfig(fileByPath(generate(await everyFeatureFleet(sink, 'yaml')), `fluent-bit/${node}/fluent-bit.yaml`).content)

const MINIMAL = (logging: string) => `
apiVersion: inferwatch/v1
kind: Fleet
metadata: {name: small}
nodes:
  - name: pi-01
    address: 10.0.0.1
    hardware: raspberry-pi-5
    modelServers:
      - {name: llama-01, runtime: llama-cpp, models: [{name: qwen}]}
${logging}`

describe('files and their place on the node', () => {
  it('marks every per-node file with its node, its destination in /etc/fluent-bit and its mode; the rest stays on the monitoring side', async () => {
    for (const format of ['yaml', 'classic'] as const) {
      const files = generate(await everyFeatureFleet('elasticsearch', format))
      const nodeFiles = files.filter((f) => /^fluent-bit\/[^/]+\/[^/]+$/.test(f.path) && !f.path.startsWith('fluent-bit/retention/') && !f.path.startsWith('fluent-bit/fluent-bit.service.d/'))
      expect(nodeFiles.length).toBe(format === 'yaml' ? 4 : 8)
      for (const file of nodeFiles) {
        const [, node, name] = file.path.split('/')
        expect(file.install).toEqual({destination: `/etc/fluent-bit/${name}`, mode: '0644', nodes: [node]})
      }
      // One Lua filter, the same on every node, installed on all of them.
      const lua = fileByPath(files, 'fluent-bit/inferwatch.lua')
      expect(lua.install).toEqual({destination: '/etc/fluent-bit/inferwatch.lua', mode: '0644', nodes: ['edge-a', 'gpu-a', 'mac-a', 'pi-a']})
      expect(lua.content).not.toMatch(/pi-a|mac-a|gpu-a|edge-a/)
      // Linux nodes also get a drop-in that points the packaged fluent-bit.service at this config; a Mac does not.
      const dropIn = fileByPath(files, 'fluent-bit/fluent-bit.service.d/inferwatch.conf')
      expect(dropIn.install).toMatchObject({destination: '/etc/systemd/system/fluent-bit.service.d/inferwatch.conf', mode: '0644', nodes: ['edge-a', 'gpu-a', 'pi-a']})
      expect(dropIn.content).toContain(`\nExecStart=\nExecStart=/opt/fluent-bit/bin/fluent-bit -c /etc/fluent-bit/fluent-bit.${format === 'yaml' ? 'yaml' : 'conf'}\n`)
      for (const file of files.filter((f) => !nodeFiles.includes(f) && f !== dropIn && f !== lua)) expect(file.install, file.path).toBeUndefined()
    }
  })

  it('writes nothing without a logging section', async () => {
    expect(generate(await fleetFromYaml(MINIMAL('')))).toEqual([])
  })

  it('says the same in YAML and in the classic format', async () => {
    const yaml = generate(await everyFeatureFleet('loki', 'yaml'))
    const classic = generate(await everyFeatureFleet('loki', 'classic'))
    for (const node of ['pi-a', 'mac-a', 'gpu-a', 'edge-a']) {
      const a = parseYamlConfig(fileByPath(yaml, `fluent-bit/${node}/fluent-bit.yaml`).content)
      const b = parseClassicConfig(fileByPath(classic, `fluent-bit/${node}/fluent-bit.conf`).content, fileByPath(classic, `fluent-bit/${node}/inferwatch-parsers.conf`).content)
      const plain = (c: ParsedConfig) => c.plugins.map((p) => ({kind: p.kind, name: p.name, props: Object.fromEntries(p.props)}))
      expect(plain(b)).toEqual(plain(a))
      expect(b.parsers).toEqual(a.parsers)
      expect(Object.fromEntries(b.service)).toEqual({...Object.fromEntries(a.service), parsers_file: ['inferwatch-parsers.conf']})
    }
    expect(fileByPath(classic, 'fluent-bit/inferwatch.lua').content).toBe(fileByPath(yaml, 'fluent-bit/inferwatch.lua').content)
  })
})

describe('inputs', () => {
  it('reads each server once: its journal unit, or its log file when it writes one; exporters from their units; containers with the built-in parsers', async () => {
    const pi = await yamlConfig('loki', 'pi-a')
    const systemd = named(pi, 'systemd')
    // two llama.cpp servers on one node run as template instances; llama.cpp writes a log file, so
    // with model-servers on it is read from the file, and the journal input is for the exporters
    expect(systemd.map((p) => p.props.get('systemd_filter'))).toEqual([['_SYSTEMD_UNIT=prometheus-node-exporter.service']])
    const tails = named(pi, 'tail')
    expect(tails.map((p) => one(p, 'path'))).toEqual(['/var/log/llama-server/llama-a.log', '/var/log/llama-server/llama-b.log', '/var/lib/docker/containers/*/*-json.log', '/var/log/containers/*.log'])
    expect(tails.map((p) => one(p, 'multiline.parser'))).toEqual([undefined, undefined, 'docker', 'cri'])
    for (const input of [...systemd, ...tails]) {
      expect(one(input, 'db')).toMatch(/^\/var\/lib\/fluent-bit\/[a-z0-9.-]+\.db$/)
      expect(one(input, 'storage.type')).toBe('filesystem')
      expect(one(input, 'mem_buf_limit')).toBe('8MB')
    }
    expect(new Set([...systemd, ...tails].map((p) => one(p, 'db'))).size).toBe(systemd.length + tails.length)
    const gpu = await yamlConfig('loki', 'gpu-a')
    expect(named(gpu, 'systemd').map((p) => p.props.get('systemd_filter'))).toEqual([
      ['_SYSTEMD_UNIT=vllm.service'],
      ['_SYSTEMD_UNIT=cadvisor.service', '_SYSTEMD_UNIT=dcgm-exporter.service', '_SYSTEMD_UNIT=prometheus-node-exporter.service'],
    ])
    expect(named(gpu, 'tail').map((p) => one(p, 'path'))).toContain('/var/log/ollama/*.log')
  })

  it('has no journal and no container input on macOS, and tails the Ollama app’s log', async () => {
    const mac = await yamlConfig('loki', 'mac-a')
    expect(named(mac, 'systemd')).toEqual([])
    expect(named(mac, 'tail').map((p) => one(p, 'path'))).toEqual(['/Users/*/.ollama/logs/server.log'])
  })

  it('sizes the service for a small node: bounded memory, a filesystem buffer, the HTTP server on the node’s address', async () => {
    const pi = await yamlConfig('loki', 'pi-a')
    expect(Object.fromEntries([...pi.service].map(([k, v]) => [k, v[0]]))).toMatchObject({
      health_check: 'on',
      http_listen: '10.0.0.11',
      http_port: '2020',
      http_server: 'on',
      'storage.backlog.mem_limit': '16M',
      'storage.max_chunks_up': '32',
      'storage.path': '/var/lib/fluent-bit/storage',
    })
  })
})

describe('filters', () => {
  it('sets the contract’s stream fields on every record and the server’s on its own', async () => {
    const pi = await yamlConfig('loki', 'pi-a')
    const modify = named(pi, 'modify')
    expect(modify.find((p) => one(p, 'match') === 'log.*')!.props.get('set')).toEqual([
      'hardware raspberry-pi-5',
      'node pi-a',
      'site office',
      'tenant agency',
      'role inference',
      'retention default',
    ])
    const server = (name: string) => modify.find((p) => one(p, 'match_regex') === `^(log\\.files\\.${name})$` && p.props.get('set')!.includes(`server ${name}`))!
    expect(server('llama-a').props.get('set')).toEqual(['runtime llama-cpp', 'server llama-a', 'model qwen', 'stage stable', 'model_version q4'])
    // two models: the series' own labels tell them apart, as for the Prometheus targets
    expect(server('llama-b').props.get('set')).toEqual(['runtime llama-cpp', 'server llama-b'])
    expect(modify.find((p) => p.props.get('set')?.includes('retention llm'))!.props.get('match_regex')).toEqual(['^log\\.(journald|files)\\.(llama-a|ollama-a)$'])
    expect(modify.find((p) => p.props.get('set')?.includes('retention audit'))!.props.get('match_regex')).toEqual(['^log\\.(journald)\\.'])
  })

  it('parses JSON lines, then redacts and applies the prompt policy before the metrics and every output', async () => {
    const pi = await yamlConfig('loki', 'pi-a')
    const filters = pi.plugins.filter((p) => p.kind === 'filter').map((p) => p.name)
    const lua = filters.indexOf('lua')
    expect(filters.indexOf('parser')).toBeLessThan(lua)
    expect(filters.lastIndexOf('modify')).toBeLessThan(lua)
    expect(filters.slice(lua + 1)).toEqual(['log_to_metrics', 'log_to_metrics', 'log_to_metrics', 'log_to_metrics', 'grep'])
    expect(one(named(pi, 'lua')[0]!, 'match')).toBe('log.*')
    expect(named(pi, 'grep')[0]!.props.get('exclude')).toEqual(['log all slots are idle', 'log ^GET /health'])
    const script = fileByPath(generate(await everyFeatureFleet('loki', 'yaml')), 'fluent-bit/inferwatch.lua').content
    expect(script).toContain('prompts = "hash",')
    expect(script).toContain('prompt_fields = {"messages", "prompt", "response"},')
    expect(script).toContain('{"WC%-%d%d%d%d+", "[REDACTED]"},')
    expect(script).toContain('{"patient%s+%d+", "[REDACTED]"},')
  })

  it('derives the metrics each server’s runtime takes from its logs, with the server labels of the contract', async () => {
    const pi = await yamlConfig('loki', 'pi-a')
    const l2m = named(pi, 'log_to_metrics')
    expect(l2m.map((p) => `${one(p, 'metric_namespace')}_${one(p, 'metric_subsystem')}_${one(p, 'metric_name')}:${one(p, 'metric_mode')}`)).toEqual([
      'inferwatch_log_request_duration_seconds:histogram',
      'inferwatch_log_generated_tokens:histogram',
      'inferwatch_log_requests_total:counter',
      'inferwatch_log_request_errors_total:counter',
    ])
    for (const p of l2m) {
      expect(p.props.get('label_field')).toEqual(['server', 'runtime', 'model', 'stage', 'model_version'])
      expect(one(p, 'tag')).toBe('metrics.logs')
      expect(one(p, 'match_regex')).toBe('^(log\\.files\\.llama-a|log\\.files\\.llama-b)$')
    }
    // Ollama has no token counts in its request log; vLLM has native metrics and needs none
    const gpu = await yamlConfig('loki', 'gpu-a')
    expect(named(gpu, 'log_to_metrics').map((p) => one(p, 'metric_name'))).toEqual(['request_duration_seconds', 'requests_total', 'request_errors_total'])
    expect(named(await yamlConfig('loki', 'edge-a'), 'log_to_metrics')).toEqual([])
    expect(named(await yamlConfig('loki', 'edge-a'), 'prometheus_exporter')).toEqual([])
  })
})

describe('outputs', () => {
  it('Loki: low-cardinality labels from the record, the tenant, TLS, the password from a file, bounded retries', async () => {
    const pi = await yamlConfig('loki', 'pi-a')
    const loki = named(pi, 'loki')[0]!
    expect(one(loki, 'labels')).toBe('node=$node, hardware=$hardware, site=$site, source=$source, server=$server, runtime=$runtime, retention=$retention')
    expect(Object.fromEntries([...loki.props].map(([k, v]) => [k, v[0]]))).toMatchObject({
      http_passwd: '${INFERWATCH_SINK_PASSWORD}',
      http_user: 'shipper',
      retry_limit: '5',
      'storage.total_limit_size': '256M',
      tenant_id: 'agency',
      tls: 'on',
      'tls.verify': 'on',
    })
    const doc = parse(fileByPath(generate(await everyFeatureFleet('loki', 'yaml')), 'fluent-bit/pi-a/fluent-bit.yaml').content) as {env: Record<string, string>}
    expect(doc.env).toEqual({INFERWATCH_SINK_PASSWORD: 'file:///etc/fluent-bit/secrets/sink-password'})
    const classic = fileByPath(generate(await everyFeatureFleet('loki', 'classic')), 'fluent-bit/pi-a/fluent-bit.conf').content
    expect(classic).toContain('@SET INFERWATCH_SINK_PASSWORD=file:///etc/fluent-bit/secrets/sink-password')
  })

  it('Elasticsearch and OpenSearch: no mapping types, one index per retention class, a policy per class that matches it', async () => {
    for (const sink of ['elasticsearch', 'opensearch'] as const) {
      const files = generate(await everyFeatureFleet(sink, 'yaml'))
      const pi = parseYamlConfig(fileByPath(files, 'fluent-bit/pi-a/fluent-bit.yaml').content)
      const out = named(pi, sink === 'elasticsearch' ? 'es' : 'opensearch')[0]!
      expect(Object.fromEntries([...out.props].map(([k, v]) => [k, v[0]]))).toMatchObject({
        logstash_format: 'on',
        logstash_prefix: 'fleet-logs-default',
        logstash_prefix_key: '$es_index',
        suppress_type_name: 'on',
      })
      const prefixes = named(pi, 'modify').flatMap((p) => p.props.get('set') ?? []).filter((s) => s.startsWith('es_index ')).map((s) => s.slice('es_index '.length))
      expect(prefixes).toEqual(['fleet-logs-default', 'fleet-logs-audit', 'fleet-logs-llm'])
      for (const retention of ['default', 'audit', 'llm']) {
        const policy = JSON.parse(fileByPath(files, `fluent-bit/retention/${sink === 'elasticsearch' ? `elasticsearch-index-template-${retention}` : `opensearch-ism-${retention}`}.json`).content)
        const patterns = sink === 'elasticsearch' ? policy.index_patterns : policy.policy.ism_template[0].index_patterns
        expect(patterns).toEqual([`fleet-logs-${retention}-*`])
      }
    }
    const ilm = JSON.parse(fileByPath(generate(await everyFeatureFleet('elasticsearch', 'yaml')), 'fluent-bit/retention/elasticsearch-ilm-audit.json').content)
    expect(ilm.policy.phases.delete).toEqual({actions: {delete: {}}, min_age: '90d'})
  })

  it('Loki retention: the default period and one retention_stream per other class on the retention label', async () => {
    const files = generate(await everyFeatureFleet('loki', 'yaml'))
    expect(parse(fileByPath(files, 'fluent-bit/retention/loki-limits.yaml').content)).toEqual({
      limits_config: {
        retention_period: '14d',
        retention_stream: [
          {period: '90d', priority: 2, selector: '{retention="audit"}'},
          {period: '30d', priority: 1, selector: '{retention="llm"}'},
        ],
      },
    })
  })

  it('forward: the shared key from the file, TLS, bounded retries', async () => {
    const forward = named(await yamlConfig('forward', 'pi-a'), 'forward')[0]!
    expect(Object.fromEntries([...forward.props].map(([k, v]) => [k, v[0]]))).toMatchObject({
      port: '9443',
      retry_limit: '5',
      self_hostname: 'pi-a',
      shared_key: '${INFERWATCH_SINK_PASSWORD}',
      tls: 'on',
    })
  })
})

describe('the fleet side', () => {
  it('Prometheus scrapes the log-derived metrics of exactly the nodes that serve them, on the fleet’s ports', async () => {
    const fleet = await fleetFromYaml(everyFeatureYaml('loki', 'yaml').replace('  prompts: hash', '  prompts: hash\n  httpPort: 2030\n  metricsPort: 2031'))
    const targets = targetFiles(generateScrape(fleet))
    expect(targets.get('fluent-bit-log-metrics')!.map((g) => g.targets[0])).toEqual(['10.0.0.31:2031', '10.0.0.21:2031', '10.0.0.11:2031'])
    expect(targets.get('fluent-bit')!.map((g) => g.targets[0])).toEqual(['10.0.0.41:2030', '10.0.0.31:2030', '10.0.0.21:2030', '10.0.0.11:2030'])
  })

  it('without the servers’ own logs, llama.cpp has no log-derived signals, drift on it is refused, and nothing is scraped for them', async () => {
    const fleet = await fleetFromYaml(MINIMAL('logging:\n  sink: {type: loki, host: 10.0.0.2}\n  sources: [containers]'))
    expect(fleet.servers[0]!.runtime.signals.latency.kind).toBe('unavailable')
    expect(targetFiles(generateScrape(fleet)).has('fluent-bit-log-metrics')).toBe(false)
    const withLogs = await fleetFromYaml(MINIMAL('logging:\n  sink: {type: loki, host: 10.0.0.2}'))
    expect(withLogs.servers[0]!.runtime.signals.outputLength).toMatchObject({kind: 'histogram', via: 'logs'})

    const dir = await tempDir()
    const {writeFile} = await import('node:fs/promises')
    const file = `${dir}/fleet.yaml`
    await writeFile(file, MINIMAL('logging:\n  sink: {type: loki, host: 10.0.0.2}\n  sources: [containers]\ndrift:\n  - {name: d, server: llama-01}'))
    const refused = await loadFleet(file)
    expect(refused.ok).toBe(false)
    if (!refused.ok) expect(refused.diagnostics.map((d) => d.message).join('\n')).toContain('provides this only through its logs')
  })

  const problems = async (logging: string) => {
    const dir = await tempDir()
    const {writeFile} = await import('node:fs/promises')
    await writeFile(`${dir}/fleet.yaml`, MINIMAL(logging))
    const result = await loadFleet(`${dir}/fleet.yaml`)
    return result.ok ? [] : result.diagnostics.map((d) => `${d.line}: ${d.path}: ${d.message}`)
  }

  it('rejects a redaction pattern Lua cannot compile, with its location', async () => {
    expect(await problems("logging:\n  sink: {type: loki, host: 10.0.0.2}\n  redact: ['[abc', 'ok%d+', 'bad%', '[%]]']")).toEqual([
      '13: logging.redact[0]: has a "[" without its "]" (Lua: malformed pattern, missing "]")',
      '13: logging.redact[2]: must not end with a lone "%" (Lua: malformed pattern)',
    ])
  })

  it('rejects unknown servers and retention classes, with their location', async () => {
    expect(await problems('logging:\n  sink: {type: loki, host: 10.0.0.2}\n  logFiles: {llama-02: /var/log/x.log}\n  retentionMatch: {gold: {servers: [llama-01, llama-1]}}')).toEqual([
      '13: logging.logFiles.llama-02: unknown model server "llama-02" (did you mean "llama-01"?)',
      '14: logging.retentionMatch.gold: unknown retention class "gold": declare how long it is kept in logging.retention',
      '14: logging.retentionMatch.gold.servers[1]: unknown model server "llama-1" (did you mean "llama-01"?)',
    ])
  })

  it('is deterministic and generated for every example', async () => {
    for (const name of ['gpu-server', 'mixed', 'pi-cluster'] as const) {
      const a = generate(await loadExample(name))
      expect(generate(await loadExample(name))).toEqual(a)
    }
  })
})

describe('ports', () => {
  it('reports a model server on a port Fluent Bit takes on every node', async () => {
    const dir = await tempDir()
    const {writeFile} = await import('node:fs/promises')
    await writeFile(`${dir}/fleet.yaml`, MINIMAL('logging:\n  sink: {type: loki, host: 10.0.0.2}\n  metricsPort: 8080'))
    const result = await loadFleet(`${dir}/fleet.yaml`)
    expect(result.ok ? [] : result.diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual([
      'nodes[0].modelServers[0].runtime: port 8080 (the llama.cpp server default; set port to change it) on node "pi-01" is already used by Fluent Bit (logging.metricsPort)',
    ])
  })
})
