import type {Fleet, ModelServer} from '../../normalize/fleet-model.js'

/** Where a server answers, as an operator would type it. */
export function serverBaseUrl(server: ModelServer): string {
  return `${server.scheme}://${server.address}:${server.port}`
}

/** Runtime diagnostics from the catalog with this server's URLs filled in. */
export function serverCommands(server: ModelServer): string[] {
  const base = serverBaseUrl(server)
  const metrics = server.metrics ? `${server.scheme}://${server.address}:${server.metrics.port}${server.metrics.path}` : ''
  return server.runtime.diagnostics.map((command) =>
    command.replaceAll('{base}', base).replaceAll('{health}', server.healthPath).replaceAll('{metrics}', metrics),
  )
}

/** Canary models with the servers that run them and the stable servers they are compared with. */
export function canaryPairs(fleet: Fleet) {
  const modelNames = [...new Set(fleet.servers.flatMap((s) => s.models.filter((m) => m.stage === 'canary').map((m) => m.name)))].sort()
  return modelNames.map((model) => ({
    canaryServers: fleet.servers.filter((s) => s.models.some((m) => m.name === model && m.stage === 'canary')).map((s) => s.name),
    model,
    stableServers: fleet.servers.filter((s) => s.models.some((m) => m.name === model && m.stage === 'stable')).map((s) => s.name),
  }))
}

const contexts = new WeakMap<Fleet, ReturnType<typeof buildFleetContext>>()

/** The template context every runbook page shares, built once per Fleet. Strings here are escaped by the renderer. */
export function fleetContext(fleet: Fleet) {
  let context = contexts.get(fleet)
  if (!context) contexts.set(fleet, (context = buildFleetContext(fleet)))
  return context
}

function buildFleetContext(fleet: Fleet) {
  return {
    backups: fleet.backups.map((b) => ({maxAge: b.maxAge, name: b.name, node: b.node, paths: b.paths, schedule: b.schedule})),
    canaries: canaryPairs(fleet),
    fleet: {environment: fleet.environment, name: fleet.name, sourceFile: fleet.sourceFile},
    nodes: fleet.nodes.map((n) => ({address: n.address, hardware: n.hardware.title, name: n.name})),
    servers: fleet.servers.map((s) => ({
      base: serverBaseUrl(s),
      models: s.models.map((m) => ({name: m.name, stage: m.stage, version: m.version ?? null})),
      name: s.name,
      node: s.node,
      runtime: s.runtime.title,
    })),
    thresholds: fleet.thresholds,
  }
}
