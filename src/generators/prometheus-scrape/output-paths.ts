import {posix} from 'node:path'

/** Where this generator writes, relative to the output folder. */
export const PROMETHEUS_CONFIG = 'prometheus/prometheus.yml'
export const AGENT_CONFIG = 'prometheus/prometheus-agent.yml'
export const BLACKBOX_CONFIG = 'blackbox/blackbox.yml'
/** Written by the rules generator; the configs only reference them. */
export {RECORDING_FILE, RULES_DIR} from '../prometheus-rules/rule-files.js'

export const targetsFile = (job: string) => `prometheus/targets/${job}.json`
export const shardConfig = (index: number | '<i>') => `prometheus/shards/prometheus-shard-${index}.yml`
/** The Prometheus the shards meet in, when no long-term store with a ruler does that job. */
export const GLOBAL_CONFIG = 'prometheus/global/prometheus.yml'
/** Where the global Prometheus finds shard i: a name to point at it (DNS or /etc/hosts). */
export const shardAddress = (index: number) => `prometheus-shard-${index}:9090`

/**
 * A path as a config file at `configPath` must write it: Prometheus resolves relative paths against
 * the config file's directory, so the output folder can be moved as a whole.
 */
export function relativeToConfig(configPath: string, path: string): string {
  return posix.relative(posix.dirname(configPath), path)
}
