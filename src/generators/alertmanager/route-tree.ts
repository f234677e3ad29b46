import {DEFAULTS} from '../../normalize/defaults.js'
import type {Alerting} from '../../normalize/fleet-model.js'
import {parseDuration} from '../../schema/primitives.js'
import {labelEquals} from './matchers.js'
import {NULL_RECEIVER} from './receivers.js'

type FleetRoute = Alerting['routes'][number]

/** One notification per alert, node and model server: a flapping server never buries another's alert. */
export const GROUP_BY = ['alertname', 'node', 'server'] as const

export interface ChildRoute {
  receiver: string
  matchers?: string[]
  continue?: boolean
  group_wait?: string
  repeat_interval?: string
}

export interface RootRoute {
  receiver: string
  group_by: string[]
  group_wait: string
  group_interval: string
  repeat_interval: string
  routes?: ChildRoute[]
}

export interface RouteTree {
  route: RootRoute
  notes: string[]
}

function routeMatchers(route: FleetRoute): string[] {
  return [
    route.severity && labelEquals('severity', route.severity),
    route.site && labelEquals('site', route.site),
    route.tenant && labelEquals('tenant', route.tenant),
  ].filter((m): m is string => Boolean(m))
}

function describeRoute(route: FleetRoute, index: number): string {
  const matchers = routeMatchers(route)
  return `alerting.routes[${index}] (${matchers.length > 0 ? matchers.join(', ') : 'every alert'} → \`${route.receiver}\`)`
}

/**
 * A fleet route as written, in order. A route to a receiver that cannot notify on this Alertmanager
 * continues to the next routes, so its alerts still reach someone rather than vanishing.
 */
function fleetRoute(route: FleetRoute, canNotify: (receiver: string) => boolean): ChildRoute {
  const matchers = routeMatchers(route)
  const continues = route.continue === true || !canNotify(route.receiver)
  return {
    receiver: route.receiver,
    ...(matchers.length > 0 ? {matchers} : {}),
    ...(continues ? {continue: true} : {}),
  }
}

function fleetRouteNotes(routes: readonly FleetRoute[], canNotify: (receiver: string) => boolean): string[] {
  const notes: string[] = []
  routes.forEach((route, index) => {
    if (!route.continue && !canNotify(route.receiver)) {
      notes.push(`${describeRoute(route, index)}: the receiver cannot notify on this Alertmanager, so the route is written with \`continue: true\`: its alerts also reach the routes after it and the default receiver.`)
    }
    const catchesAll = routeMatchers(route).length === 0 && !route.continue && canNotify(route.receiver)
    if (catchesAll && index < routes.length - 1) {
      notes.push(`${describeRoute(route, index)} has no severity, site or tenant and no \`continue\`: it catches every alert, so the routes after it never match.`)
    }
  })
  return notes
}

const shorter = (a: string, b: string) => (parseDuration(a)! <= parseDuration(b)! ? a : b)
const longer = (a: string, b: string) => (parseDuration(a)! >= parseDuration(b)! ? a : b)

/**
 * Without fleet routes every alert goes to the default receiver, but critical pages sooner and
 * reminds more often, and info reminds less; never slower (or faster) than the fleet's own timing.
 */
function severitySplit(alerting: Alerting): {routes: ChildRoute[]; notes: string[]} {
  const {critical, info} = DEFAULTS.alerting.severityRoutes
  const criticalWait = shorter(critical.groupWait, alerting.groupWait)
  const criticalRepeat = shorter(critical.repeatInterval, alerting.repeatInterval)
  const infoRepeat = longer(info.repeatInterval, alerting.repeatInterval)
  return {
    notes: [
      `The fleet declares no \`alerting.routes\`: every alert goes to \`${alerting.defaultReceiver}\`; critical alerts are sent after ${criticalWait} and repeated every ${criticalRepeat}, warnings every ${alerting.repeatInterval}, info every ${infoRepeat}.`,
    ],
    routes: [
      {receiver: alerting.defaultReceiver, matchers: [labelEquals('severity', 'critical')], group_wait: criticalWait, repeat_interval: criticalRepeat},
      {receiver: alerting.defaultReceiver, matchers: [labelEquals('severity', 'info')], repeat_interval: infoRepeat},
    ],
  }
}

/**
 * The fleet's routes in order. In Alertmanager a matching `continue` route only lets later siblings
 * match too; once any child matched, the root's receiver is not notified. The fleet means "keep going,
 * down to the default receiver", so a last catch-all route to the default receiver makes that explicit.
 */
function fleetRoutes(alerting: Alerting, canNotify: (receiver: string) => boolean): {routes: ChildRoute[]; notes: string[]} {
  const routes = alerting.routes.map((r) => fleetRoute(r, canNotify))
  const notes = fleetRouteNotes(alerting.routes, canNotify)
  if (!routes.some((r) => r.continue)) return {notes, routes}
  notes.push(`Alerts that match a route with \`continue: true\` and no later route also go to the default receiver \`${alerting.defaultReceiver}\`: a last catch-all route says so, because Alertmanager alone would not notify it.`)
  return {notes, routes: [...routes, {receiver: alerting.defaultReceiver}]}
}

export function renderRouteTree(alerting: Alerting, canNotify: (receiver: string) => boolean): RouteTree {
  const {notes, routes} = alerting.routes.length > 0 ? fleetRoutes(alerting, canNotify) : severitySplit(alerting)
  if (!canNotify(alerting.defaultReceiver)) {
    notes.push(`The default receiver \`${alerting.defaultReceiver}\` cannot notify on this Alertmanager: alerts no other route delivers notify no one. Add an email or Slack receiver, or upgrade Alertmanager and enable its webhook.`)
  }
  return {
    notes,
    route: {
      receiver: alerting.defaultReceiver,
      group_by: [...GROUP_BY],
      group_wait: alerting.groupWait,
      group_interval: alerting.groupInterval,
      repeat_interval: alerting.repeatInterval,
      routes,
    },
  }
}

/** Without an alerting section: everything goes to the null receiver, grouped as usual so the UI stays readable. */
export function renderNullRouteTree(): RootRoute {
  return {
    receiver: NULL_RECEIVER,
    group_by: [...GROUP_BY],
    group_wait: DEFAULTS.alerting.groupWait,
    group_interval: DEFAULTS.alerting.groupInterval,
    repeat_interval: DEFAULTS.alerting.repeatInterval,
  }
}
