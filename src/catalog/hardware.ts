import type {AcceleratorId} from './accelerators.js'
import type {NodeExporterId} from './exporters.js'
import {type NodeSignal, type SignalSource, unavailable} from './signals.js'

export const HARDWARE_IDS = ['raspberry-pi-5', 'nvidia-gpu', 'apple-silicon', 'generic-linux'] as const
export type HardwareId = (typeof HARDWARE_IDS)[number]

export interface HardwareProfile {
  id: HardwareId
  title: string
  os: 'linux' | 'darwin'
  /** Exporters every node of this kind runs unless the fleet turns them off. */
  exporters: readonly NodeExporterId[]
  /** Accelerators implied by the hardware itself. */
  accelerators: readonly AcceleratorId[]
  /** Default overheat thresholds in °C, overridable in the fleet's defaults. */
  temperature: {warning: number; critical: number}
  /** Typical draw under inference load, used to estimate energy where nothing measures it. */
  typicalWatts: number
  /**
   * What the power signal measures, where there is one, and the watts the rest of the node draws
   * beside it (added to the measurement for energy and cost; the fleet's energy.baseWatts overrides).
   */
  powerCoverage?: {covers: string; restWatts: number}
  /** Whether the node publishes Pi firmware throttling flags through the textfile collector. */
  textfileThrottling: boolean
  signals: Record<NodeSignal, SignalSource>
  diagnostics: readonly string[]
}

const LINUX_COMMON = {
  cpuBusy: {expr: '1 - avg without (cpu, mode) (rate(node_cpu_seconds_total{mode="idle"}[5m]))', kind: 'expr'},
  diskFree: {
    expr: 'node_filesystem_avail_bytes{fstype!~"tmpfs|ramfs|overlay|squashfs"} / node_filesystem_size_bytes{fstype!~"tmpfs|ramfs|overlay|squashfs"}',
    kind: 'expr',
  },
  memoryUsed: {expr: '1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes', kind: 'expr'},
} as const satisfies Partial<Record<NodeSignal, SignalSource>>

const noThrottleFlags = unavailable('only Raspberry Pi firmware reports throttling flags')
const noUnderVoltage = unavailable('only the Raspberry Pi exposes an under-voltage alarm')

export const HARDWARE: Record<HardwareId, HardwareProfile> = {
  'apple-silicon': {
    accelerators: ['apple-ane'],
    diagnostics: ['sudo powermetrics --samplers smc,cpu_power,gpu_power -n 1', 'memory_pressure', 'df -h', 'top -l 1 -o mem'],
    exporters: ['node-exporter', 'macmon'],
    id: 'apple-silicon',
    os: 'darwin',
    signals: {
      cpuBusy: LINUX_COMMON.cpuBusy,
      diskFree: {
        expr: 'node_filesystem_avail_bytes{fstype!~"devfs|autofs|nullfs"} / node_filesystem_size_bytes{fstype!~"devfs|autofs|nullfs"}',
        kind: 'expr',
      },
      memoryUsed: {expr: 'macmon_memory_ram_used_bytes / macmon_memory_ram_total_bytes', kind: 'expr'},
      // The whole machine (macmon_all_power_watts leaves out RAM, SSD, fans and the rest of the board).
      power: {kind: 'gauge', series: 'macmon_sys_power_watts'},
      temperature: {kind: 'gauge', series: 'macmon_cpu_temp_celsius'},
      throttled: noThrottleFlags,
      underVoltage: noUnderVoltage,
    },
    powerCoverage: {covers: 'the whole machine (macmon sys_power)', restWatts: 0},
    temperature: {critical: 100, warning: 90},
    textfileThrottling: false,
    title: 'Apple Silicon (Mac mini / Mac Studio)',
    typicalWatts: 40,
  },
  'generic-linux': {
    accelerators: [],
    diagnostics: ['sensors', 'free -h', 'df -h', 'top -b -n 1 | head -20'],
    exporters: ['node-exporter'],
    id: 'generic-linux',
    os: 'linux',
    signals: {
      ...LINUX_COMMON,
      power: unavailable('generic Linux boxes expose no power reading; energy is estimated from the fleet’s watts'),
      temperature: {kind: 'gauge', series: 'node_hwmon_temp_celsius'},
      throttled: noThrottleFlags,
      underVoltage: noUnderVoltage,
    },
    temperature: {critical: 90, warning: 80},
    textfileThrottling: false,
    title: 'Generic Linux server',
    typicalWatts: 120,
  },
  'nvidia-gpu': {
    accelerators: ['nvidia'],
    diagnostics: ['nvidia-smi', 'sensors', 'free -h', 'df -h'],
    exporters: ['node-exporter', 'dcgm-exporter'],
    id: 'nvidia-gpu',
    os: 'linux',
    signals: {
      ...LINUX_COMMON,
      power: {kind: 'gauge', series: 'DCGM_FI_DEV_POWER_USAGE'},
      temperature: {kind: 'gauge', series: 'DCGM_FI_DEV_GPU_TEMP'},
      throttled: noThrottleFlags,
      underVoltage: noUnderVoltage,
    },
    // DCGM_FI_DEV_POWER_USAGE is each GPU's board power; CPUs, RAM, disks, fans and the PSU's loss are
    // not in it. 150 W is a typical single-socket host around the GPUs.
    powerCoverage: {covers: 'the GPUs only (dcgm-exporter DCGM_FI_DEV_POWER_USAGE)', restWatts: 150},
    temperature: {critical: 85, warning: 80},
    textfileThrottling: false,
    title: 'Linux server with NVIDIA GPU',
    typicalWatts: 450,
  },
  'raspberry-pi-5': {
    accelerators: [],
    diagnostics: ['vcgencmd measure_temp', 'vcgencmd get_throttled', 'free -h', 'df -h'],
    exporters: ['node-exporter'],
    id: 'raspberry-pi-5',
    os: 'linux',
    signals: {
      ...LINUX_COMMON,
      power: unavailable('the Pi 5 has no power meter node_exporter reads; energy is estimated from the fleet’s watts'),
      temperature: {kind: 'gauge', series: 'node_thermal_zone_temp{type="cpu-thermal"}'},
      throttled: {kind: 'gauge', series: 'inferwatch_rpi_throttled{flag="throttled",when="now"}'},
      underVoltage: {kind: 'gauge', series: 'node_hwmon_in_lcrit_alarm_volts{chip=~".*raspberrypi_hwmon"}'},
    },
    temperature: {critical: 80, warning: 75},
    textfileThrottling: true,
    title: 'Raspberry Pi 5',
    typicalWatts: 12,
  },
}
