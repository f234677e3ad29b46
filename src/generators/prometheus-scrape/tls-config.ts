import type {TlsSpec} from '../../schema/fleet.js'
import {withoutUndefined} from './without-undefined.js'

/**
 * A fleet `tls` block as Prometheus and blackbox_exporter both spell it: files only, never inline
 * certificates or keys.
 */
export function tlsConfig(tls: TlsSpec): Record<string, unknown> {
  return withoutUndefined({
    ca_file: tls.caFile,
    cert_file: tls.certFile,
    key_file: tls.keyFile,
    server_name: tls.serverName,
    insecure_skip_verify: tls.insecureSkipVerify,
  })
}
