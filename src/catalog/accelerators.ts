import type {NodeExporterId} from './exporters.js'
import {type AcceleratorSignal, type SignalSource, unavailable} from './signals.js'

export const ACCELERATOR_IDS = ['nvidia', 'hailo-8l', 'hailo-8', 'apple-ane'] as const
export type AcceleratorId = (typeof ACCELERATOR_IDS)[number]

export interface AcceleratorProfile {
  id: AcceleratorId
  title: string
  /** The exporter that reports it, if any, and whether a node with this accelerator gets it without asking. */
  exporter: {id: NodeExporterId; byDefault: boolean} | null
  signals: Record<AcceleratorSignal, SignalSource>
  diagnostics: readonly string[]
}

const notGpu = unavailable('this accelerator is not a GPU')
const notNpu = unavailable('this accelerator is not an NPU')

/** Both Hailo parts report through the same community exporter, opt-in because it needs HAILO_MONITOR=1. */
function hailo(id: 'hailo-8' | 'hailo-8l', title: string): AcceleratorProfile {
  return {
    diagnostics: ['hailortcli fw-control identify', 'hailortcli monitor'],
    exporter: {byDefault: false, id: 'hailo-exporter'},
    id,
    signals: {
      gpuMemoryFree: notGpu,
      gpuMemoryUsed: notGpu,
      gpuPower: notGpu,
      gpuUtilization: notGpu,
      gpuXid: notGpu,
      npuUtilization: {kind: 'gauge', series: 'hailo_NPU_utilization_percent'},
    },
    title,
  }
}

export const ACCELERATORS: Record<AcceleratorId, AcceleratorProfile> = {
  'apple-ane': {
    diagnostics: ['sudo powermetrics --samplers ane_power -n 1'],
    exporter: {byDefault: true, id: 'macmon'},
    id: 'apple-ane',
    signals: {
      gpuMemoryFree: notGpu,
      gpuMemoryUsed: notGpu,
      gpuPower: notGpu,
      gpuUtilization: notGpu,
      gpuXid: notGpu,
      npuUtilization: unavailable('macmon reports Neural Engine power (macmon_ane_power_watts), not utilisation'),
    },
    title: 'Apple Neural Engine',
  },
  'hailo-8': hailo('hailo-8', 'Hailo-8 (26 TOPS)'),
  'hailo-8l': hailo('hailo-8l', 'Hailo-8L (13 TOPS, Raspberry Pi AI HAT/Kit)'),
  nvidia: {
    diagnostics: ['nvidia-smi', 'nvidia-smi -q -d TEMPERATURE,POWER,PERFORMANCE', 'dcgmi diag -r 1'],
    exporter: {byDefault: true, id: 'dcgm-exporter'},
    id: 'nvidia',
    signals: {
      gpuMemoryFree: {kind: 'gauge', series: 'DCGM_FI_DEV_FB_FREE'},
      gpuMemoryUsed: {kind: 'gauge', series: 'DCGM_FI_DEV_FB_USED'},
      gpuPower: {kind: 'gauge', series: 'DCGM_FI_DEV_POWER_USAGE'},
      gpuUtilization: {kind: 'gauge', series: 'DCGM_FI_DEV_GPU_UTIL'},
      gpuXid: {kind: 'gauge', series: 'DCGM_FI_DEV_XID_ERRORS'},
      npuUtilization: notNpu,
    },
    title: 'NVIDIA GPU',
  },
}
