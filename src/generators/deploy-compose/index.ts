import {alertmanagerImage, MONITORING_IMAGES, MONITORING_SERVICES} from '../../catalog/index.js'
import {DEFAULTS} from '../../normalize/defaults.js'
import type {Fleet} from '../../normalize/fleet-model.js'
import {ALERTMANAGER_CONFIG_PATH} from '../alertmanager/index.js'
import {DASHBOARDS_DIR, dashboardsMountPath, PROVISIONING_MOUNT_PATH} from '../grafana/output-paths.js'
import {AGENT_CONFIG, BLACKBOX_CONFIG, PROMETHEUS_CONFIG} from '../prometheus-scrape/output-paths.js'
import {generatedHeader, renderYaml} from '../prometheus-scrape/yaml-document.js'
import type {BundleStage, OutputFile} from '../types.js'

export const COMPOSE_FILE = 'compose.yaml'
export const ENV_EXAMPLE = '.env.example'
/** Inside the containers the generated folders sit here, read-only, apart from the fleet's own /etc paths for secrets. */
const MOUNT_ROOT = '/etc/inferwatch'
const GRAFANA_PASSWORD_SECRET = 'grafana-admin-password'

/** A `*_file: /absolute/path` setting in a generated config: a secret or certificate that service must find. */
const FILE_SETTING = /^\s*(?:- )?[a-z_]+_file: (\/\S+)$/gm

interface Service {
  image: string
  command?: string[]
  environment?: Record<string, string>
  volumes: string[]
  secrets?: {source: string; target: string}[]
  healthcheck: {test: string[]; interval: string; timeout: string; retries: number; start_period: string}
}

/**
 * The central monitoring host as Docker Compose (`--target compose`, the default): Prometheus,
 * Alertmanager, Grafana with the generated provisioning, Loki (when logs go to Loki), blackbox_exporter
 * and the Pushgateway, each from a pinned image, with a data volume, a health check, the generated
 * files mounted read-only and every secret the configs name as a compose secret at its path.
 * Host networking, because the generated configs address each other as localhost:<port> and the
 * fleet's nodes by their LAN addresses, as on a monitoring host without containers. A bundle stage,
 * so the secrets come from the generated configs' own `*_file:` settings.
 */
export const composeStage: BundleStage = {
  bundle(fleet, files) {
    if (!fleet.deploy.targets.includes('compose')) return {files: [], notes: ['The monitoring host’s compose.yaml is written with `--target compose` (the default).']}
    return {files: renderCompose(fleet, files), notes: composeNotes(fleet)}
  },
  id: 'deploy-compose',
  title: 'Docker Compose for the monitoring host (--target compose)',
}

function renderCompose(fleet: Fleet, files: readonly OutputFile[]): OutputFile[] {
  const secrets = new Map<string, string>()
  const secretsOf = (paths: string[]) =>
    [...new Set(paths)].sort().map((target) => {
      const source = secretName(target)
      secrets.set(source, target)
      return {source, target}
    })
  const agent = fleet.prometheus.mode === 'agent'
  const config = agent ? AGENT_CONFIG : PROMETHEUS_CONFIG
  const services: Record<string, Service> = {
    prometheus: {
      command: [
        `--config.file=${MOUNT_ROOT}/${config}`,
        '--storage.tsdb.path=/prometheus',
        ...(agent ? ['--enable-feature=agent'] : [`--storage.tsdb.retention.time=${fleet.prometheus.retention}`]),
        `--web.listen-address=:${MONITORING_SERVICES.prometheus.defaultPort}`,
        '--web.enable-lifecycle',
      ],
      healthcheck: health(MONITORING_SERVICES.prometheus.defaultPort, '/-/ready'),
      image: MONITORING_IMAGES.prometheus,
      volumes: ['./prometheus:' + `${MOUNT_ROOT}/prometheus:ro`, 'prometheus-data:/prometheus'],
      secrets: secretsOf(fileSettingsIn(files, config)),
    },
    alertmanager: {
      command: [`--config.file=${MOUNT_ROOT}/${ALERTMANAGER_CONFIG_PATH}`, '--storage.path=/alertmanager', `--web.listen-address=:${MONITORING_SERVICES.alertmanager.defaultPort}`, '--cluster.listen-address='],
      healthcheck: health(MONITORING_SERVICES.alertmanager.defaultPort, '/-/ready'),
      image: alertmanagerImage(fleet.alerting?.alertmanagerVersion ?? DEFAULTS.alerting.alertmanagerVersion),
      volumes: [`./alertmanager:${MOUNT_ROOT}/alertmanager:ro`, 'alertmanager-data:/alertmanager'],
      secrets: secretsOf(fileSettingsIn(files, ALERTMANAGER_CONFIG_PATH)),
    },
    grafana: {
      environment: {
        GF_SECURITY_ADMIN_PASSWORD__FILE: `/run/secrets/${GRAFANA_PASSWORD_SECRET}`,
        GF_SECURITY_ADMIN_USER: '${GRAFANA_ADMIN_USER:-admin}',
        GF_SERVER_HTTP_PORT: String(MONITORING_SERVICES.grafana.defaultPort),
        GF_SERVER_ROOT_URL: fleet.grafana.url,
      },
      healthcheck: health(MONITORING_SERVICES.grafana.defaultPort, '/api/health'),
      image: MONITORING_IMAGES.grafana,
      secrets: [{source: GRAFANA_PASSWORD_SECRET, target: `/run/secrets/${GRAFANA_PASSWORD_SECRET}`}],
      volumes: ['grafana-data:/var/lib/grafana', `./grafana/provisioning:${PROVISIONING_MOUNT_PATH}:ro`, `./${DASHBOARDS_DIR}:${dashboardsMountPath(fleet)}:ro`],
    },
    ...(fleet.logging?.sink.type === 'loki'
      ? {
          loki: {
            // The image's single-binary config (filesystem storage under /loki).
            command: ['-config.file=/etc/loki/local-config.yaml'],
            healthcheck: health(fleet.logging.sink.port, '/ready'),
            image: MONITORING_IMAGES.loki,
            volumes: ['loki-data:/loki'],
          },
        }
      : {}),
    'blackbox-exporter': {
      command: [`--config.file=${MOUNT_ROOT}/${BLACKBOX_CONFIG}`, `--web.listen-address=:${MONITORING_SERVICES.blackbox.defaultPort}`],
      healthcheck: health(MONITORING_SERVICES.blackbox.defaultPort, '/-/healthy'),
      image: MONITORING_IMAGES.blackbox,
      volumes: [`./blackbox:${MOUNT_ROOT}/blackbox:ro`],
      secrets: secretsOf(fileSettingsIn(files, BLACKBOX_CONFIG)),
    },
    pushgateway: {
      // Persisted, so drift results pushed before a restart are still there for the rules.
      command: ['--persistence.file=/data/pushgateway.db', `--web.listen-address=:${MONITORING_SERVICES.pushgateway.defaultPort}`],
      healthcheck: health(MONITORING_SERVICES.pushgateway.defaultPort, '/-/ready'),
      image: MONITORING_IMAGES.pushgateway,
      volumes: ['pushgateway-data:/data'],
    },
  }
  const allSecrets: Record<string, {file: string}> = {[GRAFANA_PASSWORD_SECRET]: {file: `\${INFERWATCH_SECRETS_DIR:-./secrets}/${GRAFANA_PASSWORD_SECRET}`}}
  for (const name of [...secrets.keys()].sort()) allSecrets[name] = {file: `\${INFERWATCH_SECRETS_DIR:-./secrets}/${name}`}
  const compose = {
    name: `inferwatch-${fleet.name}`,
    services: Object.fromEntries(
      Object.entries(services).map(([name, s]) => [name, ordered(s)]),
    ),
    volumes: Object.fromEntries(Object.values(services).flatMap((s) => s.volumes.filter((v) => !v.startsWith('./')).map((v) => [v.split(':')[0]!, {}]))),
    secrets: allSecrets,
  }
  const header = [
    `The monitoring host of fleet ${fleet.name}: docker compose up -d (with the secrets in place, see .env.example).`,
    generatedHeader(fleet.sourceFile),
  ]
  const env = [
    `# Settings for ${COMPOSE_FILE} (fleet ${fleet.name}). Copy to .env and adjust; docker compose reads .env beside the compose file.`,
    `# ${generatedHeader(fleet.sourceFile)}`,
    '',
    '# Folder with one file per secret, named as in the compose file’s `secrets:` (mode 0600, never in version control):',
    ...[...Object.keys(allSecrets)].map((name) => `#   ${name}${secrets.has(name) ? ` (mounted at ${secrets.get(name)})` : ' (the Grafana admin password)'}`),
    'INFERWATCH_SECRETS_DIR=./secrets',
    '',
    '# The Grafana admin login; its password is the grafana-admin-password secret.',
    'GRAFANA_ADMIN_USER=admin',
    '',
  ].join('\n')
  return [
    {content: renderYaml(compose, header), path: COMPOSE_FILE},
    {content: env, path: ENV_EXAMPLE},
  ]
}

function health(port: number, path: string): Service['healthcheck'] {
  // Key order as people write it, not sorted.
  return {test: ['CMD', 'wget', '-q', '--spider', `http://localhost:${port}${path}`], interval: '30s', timeout: '5s', retries: 3, start_period: '30s'}
}

/** The absolute paths a generated config reads secrets and certificates from, found in the generated text itself. */
export function fileSettingsIn(files: readonly OutputFile[], path: string): string[] {
  const content = files.find((f) => f.path === path)?.content ?? ''
  return [...content.replace(/^\s*#.*$/gm, '').matchAll(FILE_SETTING)].map((m) => m[1]!)
}

/** `/etc/prometheus/tls/ca.pem` → `etc-prometheus-tls-ca.pem`. */
export const secretName = (path: string) => path.replace(/^\/+/, '').replace(/[^A-Za-z0-9._-]+/g, '-')

/** The service's keys in one fixed order, empty lists left out. */
function ordered(s: Service): Record<string, unknown> {
  const out: Record<string, unknown> = {image: s.image, restart: 'unless-stopped', network_mode: 'host'}
  for (const key of ['command', 'environment', 'healthcheck', 'volumes', 'secrets'] as const) {
    const value = s[key]
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) out[key] = value
  }
  return out
}

function composeNotes(fleet: Fleet): string[] {
  const notes = [
    `\`${COMPOSE_FILE}\` runs the monitoring host with host networking (the configs address each other as localhost); put one file per secret into ./secrets as listed in \`${ENV_EXAMPLE}\`, then \`docker compose up -d\`.`,
  ]
  if (fleet.prometheus.shards > 1) notes.push(`The compose file runs one unsharded Prometheus; run the ${fleet.prometheus.shards} shard configs in prometheus/shards/ on their own hosts.`)
  if (fleet.logging && fleet.logging.sink.type !== 'loki') notes.push(`Logs go to ${fleet.logging.sink.type} at ${fleet.logging.sink.host}, so the compose file runs no Loki.`)
  return notes
}
