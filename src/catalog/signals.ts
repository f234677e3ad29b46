/**
 * Signals: the things an operator wants to observe, declared once, independent of who provides them.
 * Runtime and hardware profiles say, per signal, which series provides it or why nothing does.
 * Dashboards, rules, runbooks and lint read signals, so a renamed upstream metric is a one-line change.
 */

/**
 * How a provider exposes a signal. Selectors are PromQL series selectors with catalog metric names.
 * `via: 'logs'` marks series Fluent Bit derives from the server's log lines (catalog/log-metrics.ts).
 */
export type SignalSource =
  /** Monotonic counters; several are summed (e.g. Triton success + failure = all requests). */
  | {kind: 'counter'; series: readonly string[]; via?: 'logs'}
  | {kind: 'gauge'; series: string}
  /** A Prometheus histogram, by base name; `_bucket`, `_sum`, `_count` are derived. */
  | {kind: 'histogram'; metric: string; matchers?: string; via?: 'logs'}
  /** An instant-vector expression already in the signal's unit (e.g. a memory ratio). */
  | {kind: 'expr'; expr: string}
  | {kind: 'unavailable'; reason: string}

export type Unit = 'reqps' | 'percentunit' | 's' | 'celsius' | 'watt' | 'short' | 'tokens/s' | 'bytes' | 'bool'

export interface SignalInfo {
  title: string
  unit: Unit
  description: string
}

export const SERVER_SIGNALS = {
  requests: {description: 'Requests finished by the server (rate it for requests per second).', title: 'Requests', unit: 'reqps'},
  errors: {description: 'Requests that ended in an error (rate it; divide by requests for the error ratio).', title: 'Errors', unit: 'reqps'},
  latency: {description: 'End-to-end request latency distribution.', title: 'Request latency', unit: 's'},
  ttft: {description: 'Time to first token distribution.', title: 'Time to first token', unit: 's'},
  interTokenLatency: {description: 'Time between output tokens of a streamed response (TPOT), what a reader feels once text flows.', title: 'Inter-token latency', unit: 's'},
  generatedTokens: {description: 'Tokens generated (rate it for tokens per second).', title: 'Generated tokens', unit: 'tokens/s'},
  promptTokens: {description: 'Prompt tokens processed (rate it for tokens per second).', title: 'Prompt tokens', unit: 'tokens/s'},
  queueDepth: {description: 'Requests waiting to be scheduled.', title: 'Queue depth', unit: 'short'},
  running: {description: 'Requests being processed now.', title: 'Running requests', unit: 'short'},
  kvCache: {description: 'KV cache usage as a 0–1 fraction.', title: 'KV cache usage', unit: 'percentunit'},
  outputLength: {description: 'Generated tokens per request, the distribution drift jobs compare.', title: 'Output length', unit: 'short'},
} as const satisfies Record<string, SignalInfo>

export type ServerSignal = keyof typeof SERVER_SIGNALS

export const NODE_SIGNALS = {
  cpuBusy: {description: 'Share of CPU time not idle.', title: 'CPU busy', unit: 'percentunit'},
  memoryUsed: {description: 'Share of memory in use (0–1).', title: 'Memory used', unit: 'percentunit'},
  diskFree: {description: 'Share of filesystem space free (0–1), per mountpoint.', title: 'Disk free', unit: 'percentunit'},
  temperature: {description: 'Hottest relevant sensor in °C (SoC on a Pi, GPU on NVIDIA, CPU on Apple Silicon).', title: 'Temperature', unit: 'celsius'},
  power: {description: 'Measured power draw in watts.', title: 'Power', unit: 'watt'},
  underVoltage: {description: 'Under-voltage alarm active (1) or not (0).', title: 'Under-voltage', unit: 'bool'},
  throttled: {description: 'Firmware throttling active now (1) or not (0).', title: 'Throttled', unit: 'bool'},
} as const satisfies Record<string, SignalInfo>

export type NodeSignal = keyof typeof NODE_SIGNALS

export const ACCELERATOR_SIGNALS = {
  gpuUtilization: {description: 'GPU utilisation, percent.', title: 'GPU utilisation', unit: 'short'},
  gpuMemoryUsed: {description: 'GPU framebuffer used, MiB.', title: 'VRAM used', unit: 'short'},
  gpuMemoryFree: {description: 'GPU framebuffer free, MiB.', title: 'VRAM free', unit: 'short'},
  gpuPower: {description: 'GPU power draw, watts.', title: 'GPU power', unit: 'watt'},
  gpuXid: {description: 'Last XID error code (0 when none); a code, not a counter: a new XID shows as a change of value.', title: 'GPU XID', unit: 'short'},
  npuUtilization: {description: 'NPU utilisation, percent.', title: 'NPU utilisation', unit: 'short'},
} as const satisfies Record<string, SignalInfo>

export type AcceleratorSignal = keyof typeof ACCELERATOR_SIGNALS

export const unavailable = (reason: string): SignalSource => ({kind: 'unavailable', reason})

export function isAvailable(source: SignalSource): source is Exclude<SignalSource, {kind: 'unavailable'}> {
  return source.kind !== 'unavailable'
}
