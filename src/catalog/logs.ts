/**
 * The log side of the label contract: stream labels Fluent Bit attaches when it ships to Loki,
 * mirroring the Prometheus target labels so a node or server is called the same in both.
 * `node` is on every stream, `server` on model-server logs, `source` says which input read it.
 */
export const LOG_STREAM_LABELS = {node: 'node', server: 'server', source: 'source'} as const

/** Values of the `source` stream label: the fleet's logging sources. */
export const LOG_SOURCES = ['journald', 'containers', 'model-servers'] as const

/**
 * systemd units of the exporters, whose journal the `journald` source ships alongside the model
 * servers'. Debian's prometheus-node-exporter package installs prometheus-node-exporter.service;
 * the others are the unit names their upstream install guides use.
 */
export const EXPORTER_UNITS = {
  cadvisor: 'cadvisor.service',
  'dcgm-exporter': 'dcgm-exporter.service',
  'hailo-exporter': 'hailo-exporter.service',
  macmon: 'macmon.service',
  'node-exporter': 'prometheus-node-exporter.service',
} as const

/**
 * Where container runtimes keep container logs, with Fluent Bit's built-in multiline parser for
 * each (fluent/fluent-bit src/multiline/flb_ml_parser_docker.c and flb_ml_parser_cri.c).
 */
export const CONTAINER_LOGS = [
  {id: 'docker', multilineParser: 'docker', path: '/var/lib/docker/containers/*/*-json.log'},
  {id: 'cri', multilineParser: 'cri', path: '/var/log/containers/*.log'},
] as const

/**
 * Fluent Bit as its own packages install it (packages.fluentbit.io, the install.sh of fluent/fluent-bit):
 * the binary under /opt/fluent-bit and the unit fluent/fluent-bit init/systemd.in renders, whose
 * ExecStart reads /etc/fluent-bit/fluent-bit.conf. A drop-in points it at the generated config.
 */
export const FLUENT_BIT_PACKAGE = {
  binary: '/opt/fluent-bit/bin/fluent-bit',
  name: 'fluent-bit',
  /** Not in Debian's archive: the apt repository Fluent Bit publishes. */
  repository: 'https://packages.fluentbit.io',
  unit: 'fluent-bit.service',
} as const
