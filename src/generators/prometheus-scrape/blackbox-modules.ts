/** blackbox_exporter modules the probe jobs ask for; blackbox.yml defines exactly the ones in use. */
export const BLACKBOX_MODULES = {
  /** GET the health URL, success on any 2xx. */
  health: 'http_2xx',
  /** TLS handshake only, so certificate expiry is watched even while the server answers errors. */
  tls: 'tls_connect',
} as const

export type BlackboxModuleName = (typeof BLACKBOX_MODULES)[keyof typeof BLACKBOX_MODULES]
