import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {execa} from 'execa'
import {describe, expect, it} from 'vitest'
import {parse, parseAllDocuments} from 'yaml'

import {DEFAULT_JOBS_FILE} from '../../src/drift/jobs-file.js'
import {jobsFileSchema} from '../../src/drift/jobs-file.js'
import {driftGenerator, INFERWATCH_BINARY} from '../../src/generators/drift/index.js'
import {prometheusRulesGenerator} from '../../src/generators/prometheus-rules/index.js'
import {prometheusScrapeGenerator} from '../../src/generators/prometheus-scrape/index.js'
import {cronSchedule} from '../../src/schema/primitives.js'
import {CLI} from '../helpers/cli.js'
import {fleetFromYaml, loadExample, tempDir} from '../helpers/fleet.js'
import {fileByPath} from '../helpers/output.js'

const FLEET = `apiVersion: inferwatch/v1
kind: Fleet
metadata: {name: lab}
nodes:
  - name: gpu-01
    address: 10.0.0.2
    hardware: nvidia-gpu
    labels: {site: office, tenant: agency}
    modelServers:
      - name: vllm-main
        runtime: vllm
        models: [{name: llama-3.1-8b, version: v3}, {name: qwen-2.5-7b}]
      - name: tgi-main
        runtime: tgi
        port: 3000
        models: [{name: mistral-7b}]
  - name: pi-01
    address: 10.0.0.3
    hardware: raspberry-pi-5
    modelServers:
      - name: llama-pi
        runtime: llama-cpp
        models: [{name: phi-3-mini}]
drift:
  - name: vllm-llama
    server: vllm-main
    model: llama-3.1-8b
    schedule: "0 3 * * *"
  - name: tgi-hourly
    server: tgi-main
    scheduler: cron
    schedule: "*/30 * * * *"
  - name: vllm-k8s
    server: vllm-main
    model: qwen-2.5-7b
    scheduler: kubernetes
    image: registry.example.com/inferwatch:0.1.0
  - name: pi-samples
    server: llama-pi
    samples: {file: /var/log/llama/requests.jsonl, field: tokens_predicted, timeField: t}
    buckets: [16, 64, 256, 1024]
    minSamples: 50
`

async function generated() {
  return driftGenerator.generate(await fleetFromYaml(FLEET)).files
}

describe('drift generator', () => {
  it('measures llama.cpp from the histogram Fluent Bit derives from its log, once the fleet ships logs (#10)', async () => {
    const shipping = `${FLEET}  - {name: pi-logs, server: llama-pi}\nlogging:\n  sink: {type: loki, host: 10.0.0.9}\n`
    const jobs = jobsFileSchema.parse(parse(fileByPath(driftGenerator.generate(await fleetFromYaml(shipping)).files, 'drift/jobs.yaml').content)).jobs
    expect(jobs.find((j) => j.name === 'pi-logs')!.source).toEqual({kind: 'prometheus-histogram', matchers: {server: 'llama-pi'}, metric: 'inferwatch_log_generated_tokens', url: 'http://localhost:9090'})
    // Without shipped logs the same job has no distribution: validate says so, at the job's server.
    await expect(fleetFromYaml(`${FLEET}  - {name: pi-logs, server: llama-pi}\n`)).rejects.toThrow(/drift\[4\]\.server: drift needs a distribution to compare, and llama\.cpp server has no output-length histogram \(llama\.cpp server provides this only through its logs/)
  })

  it('writes jobs.yaml that drift run reads, with each job’s source, labels and baseline', async () => {
    const files = await generated()
    const jobs = jobsFileSchema.parse(parse(fileByPath(files, 'drift/jobs.yaml').content)).jobs
    expect(jobs.map((j) => j.name)).toEqual(['pi-samples', 'tgi-hourly', 'vllm-k8s', 'vllm-llama'])
    const vllm = jobs.find((j) => j.name === 'vllm-llama')!
    // vLLM serves one model per process and the catalog gives it no model label to select by: the server's target label picks the histogram.
    expect(vllm.source).toEqual({kind: 'prometheus-histogram', matchers: {server: 'vllm-main'}, metric: 'vllm:request_generation_tokens', url: 'http://localhost:9090'})
    expect(vllm.labels).toEqual({hardware: 'nvidia-gpu', model: 'llama-3.1-8b', node: 'gpu-01', server: 'vllm-main', site: 'office', tenant: 'agency'})
    expect(vllm).toMatchObject({baseline: {duration: '7d', kind: 'window'}, minSamples: 100, modelVersion: 'v3', window: '1h'})
    expect(jobs.find((j) => j.name === 'tgi-hourly')!.source).toMatchObject({matchers: {server: 'tgi-main'}, metric: 'tgi_request_generated_tokens'})
    expect(jobs.find((j) => j.name === 'pi-samples')!.source).toEqual({buckets: [16, 64, 256, 1024], field: 'tokens_predicted', file: '/var/log/llama/requests.jsonl', kind: 'samples', timeField: 't'})
  })

  it('places node files in the bundle of the node that runs the server, and nothing for Kubernetes', async () => {
    const files = await generated()
    const installs = files.filter((f) => f.install).map((f) => `${f.install!.nodes.join(',')} ${f.install!.destination} ${f.install!.mode} ← ${f.path}`)
    expect(installs).toEqual([
      `gpu-01 /etc/systemd/system/inferwatch-drift-vllm-llama.service 0644 ← drift/gpu-01/inferwatch-drift-vllm-llama.service`,
      `gpu-01 /etc/systemd/system/inferwatch-drift-vllm-llama.timer 0644 ← drift/gpu-01/inferwatch-drift-vllm-llama.timer`,
      `gpu-01 /etc/cron.d/inferwatch-drift 0644 ← drift/gpu-01/inferwatch-drift.cron`,
      `gpu-01 ${DEFAULT_JOBS_FILE} 0644 ← drift/gpu-01/jobs.yaml`,
      `pi-01 /etc/systemd/system/inferwatch-drift-pi-samples.service 0644 ← drift/pi-01/inferwatch-drift-pi-samples.service`,
      `pi-01 /etc/systemd/system/inferwatch-drift-pi-samples.timer 0644 ← drift/pi-01/inferwatch-drift-pi-samples.timer`,
      `pi-01 ${DEFAULT_JOBS_FILE} 0644 ← drift/pi-01/jobs.yaml`,
    ])
    const gpuJobs = jobsFileSchema.parse(parse(fileByPath(files, 'drift/gpu-01/jobs.yaml').content)).jobs.map((j) => j.name)
    expect(gpuJobs).toEqual(['tgi-hourly', 'vllm-llama'])
    expect(files.filter((f) => f.path.startsWith('drift/kubernetes/')).every((f) => f.install === undefined)).toBe(true)
  })

  it('systemd units that systemd-analyze verify accepts, on the job’s schedule', async () => {
    const files = await generated()
    const dir = await tempDir('inferwatch-drift-units-')
    const service = fileByPath(files, 'drift/gpu-01/inferwatch-drift-vllm-llama.service').content
    const timer = fileByPath(files, 'drift/gpu-01/inferwatch-drift-vllm-llama.timer').content
    expect(service).toContain(`ExecStart=${INFERWATCH_BINARY} drift run --jobs ${DEFAULT_JOBS_FILE} --job vllm-llama --pushgateway http://localhost:9091\n`)
    expect(timer).toContain('OnCalendar=*-*-* 03:00:00\n')
    // verify insists that ExecStart's program exists: the built CLI stands in for the installed one.
    await writeFile(join(dir, 'inferwatch-drift-vllm-llama.service'), service.replace(INFERWATCH_BINARY, CLI))
    await writeFile(join(dir, 'inferwatch-drift-vllm-llama.timer'), timer)
    const verify = await execa('systemd-analyze', ['verify', '--man=no', join(dir, 'inferwatch-drift-vllm-llama.service'), join(dir, 'inferwatch-drift-vllm-llama.timer')], {reject: false})
    expect(verify.exitCode, verify.stderr).toBe(0)
    expect(verify.stderr.trim(), verify.stderr).toBe('')
  })

  it('a cron.d line per cron job, with a PATH that finds node and inferwatch', async () => {
    const cron = fileByPath(await generated(), 'drift/gpu-01/inferwatch-drift.cron').content
    expect(cron).toContain('PATH=/usr/local/bin:/usr/bin:/bin\n')
    expect(cron).toContain(`\n*/30 * * * * nobody timeout 600 ${INFERWATCH_BINARY} drift run --jobs ${DEFAULT_JOBS_FILE} --job tgi-hourly --pushgateway http://localhost:9091 2>&1 | logger -t inferwatch-drift-tgi-hourly\n`)
    const lines = cron.split('\n').filter((l) => l && !l.startsWith('#') && !l.includes('='))
    expect(lines).toHaveLength(1)
    expect(cronSchedule.safeParse(lines[0]!.split(' ').slice(0, 5).join(' ')).success).toBe(true)
  })

  it('a Kubernetes CronJob (batch/v1) with its jobs file in a ConfigMap', async () => {
    const manifest = fileByPath(await generated(), 'drift/kubernetes/inferwatch-drift-vllm-k8s.yaml').content
    // Written out in full: anchors and aliases would make the manifest harder to read and diff.
    expect(manifest).not.toMatch(/[&*]a\d/)
    const docs = parseAllDocuments(manifest)
    expect(docs.every((d) => d.errors.length === 0)).toBe(true)
    const [configMap, cronJob] = docs.map((d) => d.toJS())
    expect(configMap).toMatchObject({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'inferwatch-drift-vllm-k8s'}})
    expect(jobsFileSchema.parse(parse(configMap.data['jobs.yaml'])).jobs.map((j) => j.name)).toEqual(['vllm-k8s'])
    expect(cronJob.apiVersion).toBe('batch/v1')
    expect(cronJob.kind).toBe('CronJob')
    // CronJob names are at most 52 characters (the controller appends a suffix for its Jobs).
    expect(cronJob.metadata.name.length).toBeLessThanOrEqual(52)
    expect(cronSchedule.safeParse(cronJob.spec.schedule).success).toBe(true)
    expect(cronJob.spec.schedule).toBe('0 * * * *')
    const pod = cronJob.spec.jobTemplate.spec.template.spec
    expect(pod.restartPolicy).toBe('Never')
    expect(pod.containers[0]).toMatchObject({args: ['drift', 'run', '--jobs', DEFAULT_JOBS_FILE, '--job', 'vllm-k8s', '--pushgateway', 'http://localhost:9091'], image: 'registry.example.com/inferwatch:0.1.0'})
    expect(pod.containers[0].volumeMounts[0].mountPath).toBe('/etc/inferwatch/drift')
    expect(pod.volumes[0].configMap.name).toBe(configMap.metadata.name)
  })

  it('gives DriftJobStale an allowance from the schedule: a daily job is late after three days, not three hours', async () => {
    const rules = fileByPath(prometheusRulesGenerator.generate(await fleetFromYaml(FLEET)).files, 'prometheus/rules/alerts-drift.yml').content
    expect(rules).toContain('inferwatch_drift_last_success_timestamp_seconds{job="vllm-llama"} > 3 * 86400')
    expect(rules).toContain('inferwatch_drift_last_success_timestamp_seconds{job="tgi-hourly"} > 3 * 1800')
  })

  it('generates nothing for a fleet without drift jobs, and leaves its node scrape job unrelabelled', async () => {
    const fleet = await loadExample('pi-cluster')
    expect(driftGenerator.generate(fleet).files).toEqual([])
    const scrape = parse(fileByPath(prometheusScrapeGenerator.generate(fleet).files, 'prometheus/prometheus.yml').content)
    expect(scrape.scrape_configs.find((j: {job_name: string}) => j.job_name === 'node').metric_relabel_configs).toBeUndefined()
  })

  it('matches its snapshot for the gpu-server example', async () => {
    const {files, notes} = driftGenerator.generate(await loadExample('gpu-server'))
    expect({files, notes}).toMatchSnapshot()
  })
})
