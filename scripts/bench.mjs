// `npm run bench`: what inferwatch costs as the fleet grows, measured as whole processes (the CLI,
// as a user or CI runs it), with the scale targets of issue #9 checked and printed. Targets live here,
// never in timed tests. Options: --quick (10 to 1,000 nodes only), --no-prometheus (skip starting a
// real Prometheus to measure what the generated rules cost it to evaluate).
import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {loadavg} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {mixedDerivedFleet, syntheticFleet} from './bench-fleets.mjs'
import {ruleEvaluationCost} from './bench-rule-cost.mjs'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const CLI = join(ROOT, 'bin', 'run.js')
const args = new Set(process.argv.slice(2))
const QUICK = args.has('--quick')

/**
 * Runs per measurement: medians of several, fewer for the big fleets so a 2-core machine finishes.
 * A shared VM's speed drifts by more than 20% within minutes, so the fleets whose targets sit close
 * to their figures get five runs (and the table prints each figure's range).
 */
const FLEETS = [
  {label: '10 nodes', nodes: 10, runs: 5, yaml: () => syntheticFleet(10)},
  {label: '100 nodes', nodes: 100, runs: 5, yaml: () => syntheticFleet(100)},
  {label: '1,000 nodes', nodes: 1000, runs: 5, yaml: () => syntheticFleet(1000)},
  ...(QUICK ? [] : [{label: '10,000 nodes', nodes: 10000, runs: 1, yaml: () => syntheticFleet(10000)}]),
  {label: 'mixed.yaml × 2,000 nodes', nodes: 2000, runs: 5, yaml: () => mixedDerivedFleet(2000)},
]

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null

/** One whole process: wall seconds, peak RSS (MB, from /usr/bin/time -f %M), CPU seconds, exit code. */
function measure(command, argv, options = {}) {
  const started = process.hrtime.bigint()
  const result = TIME
    ? spawnSync(TIME, ['-f', 'BENCH %e %M %U %S', command, ...argv], {encoding: 'utf8', maxBuffer: 1 << 30, ...options})
    : spawnSync(command, argv, {encoding: 'utf8', maxBuffer: 1 << 30, ...options})
  const wall = Number(process.hrtime.bigint() - started) / 1e9
  const line = TIME ? result.stderr.split('\n').find((l) => l.startsWith('BENCH ')) : undefined
  const [, , maxKb, user, sys] = line ? line.split(' ').map(Number) : []
  return {code: result.status, cpu: line ? user + sys : null, output: `${result.stdout}${result.stderr}`, rssMb: line ? maxKb / 1024 : null, wall}
}

const median = (values) => {
  const sorted = values.filter((v) => v !== null).sort((a, b) => a - b)
  if (sorted.length === 0) return null
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function repeat(runs, fn) {
  const samples = Array.from({length: runs}, fn)
  for (const s of samples) if (s.code !== 0) throw new Error(`bench: a run failed (exit ${s.code}):\n${s.output.slice(-2000)}`)
  const walls = samples.map((s) => s.wall)
  return {
    cpu: median(samples.map((s) => s.cpu)),
    rssMb: median(samples.map((s) => s.rssMb)),
    runs,
    wall: median(walls),
    wallRange: [Math.min(...walls), Math.max(...walls)],
  }
}

function sizeOf(dir, under = '') {
  let files = 0
  let bytes = 0
  const walk = (path) => {
    for (const entry of readdirSync(path, {withFileTypes: true})) {
      const full = join(path, entry.name)
      if (entry.isDirectory()) walk(full)
      else {
        files++
        bytes += statSync(full).size
      }
    }
  }
  if (existsSync(join(dir, under))) walk(join(dir, under))
  return {bytes, files}
}

function startup() {
  const runs = 7
  const node = [], version = [], help = []
  for (let i = 0; i < runs; i++) {
    node.push(measure(process.execPath, ['-e', '0']))
    version.push(measure(process.execPath, [CLI, '--version']))
    help.push(measure(process.execPath, [CLI, '--help']))
  }
  const wall = (samples) => median(samples.map((s) => s.wall))
  return {help: wall(help), node: wall(node), runs, version: wall(version)}
}

const results = {fleets: [], machine: machine(), startedAt: new Date().toISOString()}
// Outputs go where a user's do, into a folder of the checkout, not the OS temp folder, where test
// runs make and remove thousands of folders. The disk probe (diskProbe below) says how fast the disk
// created files at the start and at the end: the fleets measured last pay for the writing before them.
mkdirSync(join(ROOT, 'bench'), {recursive: true})
const work = mkdtempSync(join(ROOT, 'bench', '.work-'))
try {
  results.machine.diskProbeMsAtStart = diskProbe(work)
  results.startup = startup()
  for (const spec of FLEETS) {
    const dir = join(work, spec.label.replace(/\W+/g, '-'))
    mkdirSync(dir)
    const fleetFile = join(dir, 'fleet.yaml')
    writeFileSync(fleetFile, spec.yaml())
    process.stderr.write(`bench: ${spec.label}: generate ×${spec.runs}\n`)
    // Each run writes into a folder of its own: removing the previous run's thousands of files just
    // before the next one made the disk's journal work on the deletion while that run was timed.
    let run = 0
    const outs = []
    const generate = repeat(spec.runs, () => {
      outs.push(join(dir, `out-${++run}`))
      return measure(process.execPath, [CLI, 'generate', fleetFile, '--out', outs.at(-1)])
    })
    // The last run's output is the one --check and promtool read; all go with `dir` at the end.
    const out = outs.at(-1)
    process.stderr.write(`bench: ${spec.label}: generate --check, --dry-run, validate, promtool\n`)
    const check = repeat(spec.runs, () => measure(process.execPath, [CLI, 'generate', fleetFile, '--out', out, '--check']))
    // Everything generate does but write: the difference from generate is what the disk cost.
    const dryRun = repeat(spec.runs, () => measure(process.execPath, [CLI, 'generate', fleetFile, '--out', join(dir, 'not-written'), '--dry-run']))
    const validate = repeat(spec.runs, () => measure(process.execPath, [CLI, 'validate', fleetFile]))
    const tests = readdirSync(join(out, 'prometheus', 'tests')).map((f) => join('prometheus', 'tests', f))
    const promtool = repeat(1, () => measure('promtool', ['test', 'rules', ...tests], {cwd: out}))
    const entry = {
      check,
      dryRun,
      generate,
      label: spec.label,
      nodes: spec.nodes,
      output: sizeOf(out),
      promtoolTestRules: promtool,
      ruleFiles: sizeOf(out, 'prometheus/rules'),
      testFiles: sizeOf(out, 'prometheus/tests'),
      validate,
    }
    if (spec.nodes === 1000 && !args.has('--no-prometheus')) {
      process.stderr.write(`bench: ${spec.label}: backfilling series and starting Prometheus\n`)
      entry.ruleEvaluation = await ruleEvaluationCost({fleetFile, out, work: dir})
    }
    results.fleets.push(entry)
    rmSync(dir, {force: true, recursive: true})
  }
  results.machine.diskProbeMsAtEnd = diskProbe(work)
} finally {
  rmSync(work, {force: true, recursive: true})
}
results.finishedAt = new Date().toISOString()
results.machine.loadAverageAtEnd = loadavg().map((l) => Number(l.toFixed(2)))
results.targets = checkTargets(results)

printTable(results)
mkdirSync(join(ROOT, 'bench'), {recursive: true})
writeFileSync(join(ROOT, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n')
console.log('\nWritten to bench/results.json.')
if (results.targets.some((t) => t.pass === false)) process.exit(1)

/**
 * Milliseconds to create 1,000 folders with a 3 KB file each where the bench writes, about what a
 * 1,000-node generate creates: how fast this disk is right now, next to the figures it slows.
 */
function diskProbe(parent) {
  const dir = join(parent, 'disk-probe')
  const content = 'x'.repeat(3000)
  const started = process.hrtime.bigint()
  for (let i = 0; i < 1000; i++) {
    mkdirSync(join(dir, `d-${i}`), {recursive: true})
    writeFileSync(join(dir, `d-${i}`, 'f.yaml'), content)
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  rmSync(dir, {force: true, recursive: true})
  return Math.round(ms)
}

function machine() {
  const lscpu = spawnSync('lscpu', [], {encoding: 'utf8'}).stdout ?? ''
  const field = (name) => lscpu.match(new RegExp(`^${name}:\\s*(.+)$`, 'm'))?.[1]?.trim()
  return {
    cpu: field('Model name'),
    loadAverageAtStart: loadavg().map((l) => Number(l.toFixed(2))),
    node: process.version,
    nproc: Number(spawnSync('nproc', [], {encoding: 'utf8'}).stdout?.trim()) || null,
    promtool: spawnSync('promtool', ['--version'], {encoding: 'utf8'}).stdout?.split('\n')[0] ?? null,
  }
}

/** Issue #9's targets (and #14's: the mixed-derived fleet meets them too, scaled linearly to its size). */
function checkTargets({fleets, startup}) {
  const at = (nodes, label) => fleets.find((f) => f.nodes === nodes && (label === undefined || f.label === label))
  const targets = []
  const target = (name, value, limit, unit) =>
    targets.push({limit, name, pass: value === null || value === undefined ? null : value <= limit, unit, value: value ?? null})
  const k1 = at(1000)
  const k10 = at(10000)
  const mixed = fleets.find((f) => f.label.startsWith('mixed'))
  if (k1) {
    target('1,000 nodes: generate wall time', k1.generate.wall, 1.5, 's')
    target('1,000 nodes: generate peak RSS', k1.generate.rssMb, 300, 'MB')
    target('1,000 nodes: generate --check / generate', k1.check.wall / k1.generate.wall, 1, '×')
    if (k1.ruleEvaluation) target('1,000 nodes: inferwatch rule groups, one evaluation', k1.ruleEvaluation.sumMs, 200, 'ms')
  }
  if (k10) {
    target('10,000 nodes: generate wall time', k10.generate.wall, 10, 's')
    target('10,000 nodes: generate peak RSS', k10.generate.rssMb, 1024, 'MB')
    target('10,000 nodes: generate --check / generate', k10.check.wall / k10.generate.wall, 1, '×')
    target('10,000 nodes: validate wall time', k10.validate.wall, 3, 's')
    target('10,000 nodes: promtool test rules', k10.promtoolTestRules.wall, 10, 's')
    if (k1) target('10× the nodes (1,000 → 10,000): time ratio', k10.generate.wall / k1.generate.wall, 12, '×')
  }
  if (mixed) {
    target('mixed.yaml × 2,000: generate wall time (2× the 1,000-node target)', mixed.generate.wall, 3, 's')
    target('mixed.yaml × 2,000: generate peak RSS', mixed.generate.rssMb, 1024, 'MB')
    target('mixed.yaml × 2,000: promtool test rules', mixed.promtoolTestRules.wall, 10, 's')
  }
  target('inferwatch --version / node -e 0', startup.version / startup.node, 2, '×')
  target('inferwatch --help / node -e 0', startup.help / startup.node, 2, '×')
  return targets
}

function printTable({fleets, machine, startup, targets}) {
  const f2 = (v, d = 2) => (v === null || v === undefined ? 'n/a' : v.toFixed(d))
  const mb = (bytes) => (bytes / 2 ** 20).toFixed(2)
  console.log(`\ninferwatch bench on ${machine.nproc} cores (${machine.cpu}), Node ${machine.node}, load average ${machine.loadAverageAtStart.join(' ')} at start`)
  console.log(`disk: 1,000 folders with a 3 KB file each created in ${machine.diskProbeMsAtStart} ms at start, ${machine.diskProbeMsAtEnd} ms at the end`)
  console.table(
    fleets.map((f) => ({
      fleet: f.label,
      runs: f.generate.runs,
      'generate s': f2(f.generate.wall),
      'range s': f.generate.runs > 1 ? `${f2(f.generate.wallRange[0])}–${f2(f.generate.wallRange[1])}` : '',
      'cpu s': f2(f.generate.cpu),
      'peak RSS MB': f2(f.generate.rssMb, 0),
      files: f.output.files,
      'output MB': mb(f.output.bytes),
      'rules KB': (f.ruleFiles.bytes / 1024).toFixed(1),
      'tests KB': (f.testFiles.bytes / 1024).toFixed(1),
      'promtool test s': f2(f.promtoolTestRules.wall),
      '--dry-run s': f2(f.dryRun.wall),
      '--check s': f2(f.check.wall),
      'validate s': f2(f.validate.wall),
    })),
  )
  console.log(`start-up (median of ${startup.runs}): node -e 0 ${f2(startup.node, 3)} s, --version ${f2(startup.version, 3)} s, --help ${f2(startup.help, 3)} s`)
  for (const f of fleets.filter((x) => x.ruleEvaluation)) {
    const r = f.ruleEvaluation
    console.log(`rule evaluation (${f.label}, real Prometheus, ${r.series} backfilled series): ${f2(r.sumMs, 1)} ms per evaluation over ${r.groups} inferwatch groups, each its median of ${Math.min(...r.perGroup.map((g) => g.evaluations))}+ evaluations (slowest ${r.slowest.group} ${f2(r.slowest.ms, 1)} ms)`)
    const active = r.activeAlerts ?? []
    console.log(`  alerts pending or firing on the healthy fleet: ${active.length === 0 ? 'none' : active.map((a) => `${a.alert} ${a.state} ×${a.count}`).join(', ')}`)
    if (r.floor) console.log(`  the ${r.floor.rules} rules' expressions one by one through the query API: ${f2(r.floor.expressionsMs, 1)} ms; only reading the series they select: ${f2(r.floor.selectionsMs, 1)} ms (a floor no rewrite of these rules goes under)`)
    if (r.queryShare !== null) console.log(`  of which the rules' queries ${Math.round(r.queryShare * 100)}% (Prometheus' engine totals); the rest is mostly writing the results`)
    const own = r.perGroup.filter((g) => g.intervalSeconds !== r.globalIntervalSeconds)
    if (own.length > 0) {
      const groups = own.map((g) => `${g.group} every ${g.intervalSeconds} s`).join(', ')
      console.log(`  weighed by how often each group runs (${groups}, the others every ${r.globalIntervalSeconds} s): ${f2(r.perGlobalIntervalMs, 1)} ms per ${r.globalIntervalSeconds} s`)
    }
  }
  console.log('\ntargets:')
  for (const t of targets) console.log(`  ${t.pass === null ? 'n/a ' : t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${f2(t.value)} ${t.unit} (target ≤ ${t.limit} ${t.unit})`)
}
