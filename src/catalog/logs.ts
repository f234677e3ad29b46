/**
 * The log side of the label contract: stream labels Fluent Bit attaches when it ships to Loki,
 * mirroring the Prometheus target labels so a node or server is called the same in both.
 * `node` is on every stream, `server` on model-server logs, `source` says which input read it.
 */
export const LOG_STREAM_LABELS = {node: 'node', server: 'server', source: 'source'} as const

/** Values of the `source` stream label: the fleet's logging sources. */
export const LOG_SOURCES = ['journald', 'containers', 'model-servers'] as const
