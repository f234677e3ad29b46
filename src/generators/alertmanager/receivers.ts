import type {Alerting} from '../../normalize/fleet-model.js'
import {WEBHOOK_URL_FILE_SINCE, webhookUrlFileSupported} from './alertmanager-version.js'
import {SLACK_MESSAGE} from './slack-message.js'

type FleetReceiver = Alerting['receivers'][number]

/** Alertmanager's `<receiver>`, limited to what a fleet can declare. Secrets appear only as *_file keys. */
export interface ReceiverConfig {
  name: string
  email_configs?: Array<Record<string, string | boolean>>
  slack_configs?: Array<Record<string, string | boolean>>
  webhook_configs?: Array<Record<string, string | boolean>>
}

/** Receives every alert and notifies no one; the default when the fleet declares no alerting. */
export const NULL_RECEIVER = 'null'

function emailConfig(email: NonNullable<FleetReceiver['email']>): Record<string, string | boolean> {
  return {
    to: email.to,
    from: email.from,
    smarthost: email.smarthost,
    ...(email.authUsername ? {auth_username: email.authUsername} : {}),
    ...(email.authPasswordFile ? {auth_password_file: email.authPasswordFile} : {}),
    send_resolved: true,
  }
}

function slackConfig(slack: NonNullable<FleetReceiver['slack']>): Record<string, string | boolean> {
  return {
    api_url_file: slack.apiUrlFile,
    channel: slack.channel,
    title: SLACK_MESSAGE.title,
    title_link: SLACK_MESSAGE.titleLink,
    text: SLACK_MESSAGE.text,
    color: SLACK_MESSAGE.color,
    send_resolved: true,
  }
}

export function renderReceiver(receiver: FleetReceiver, version: string): ReceiverConfig {
  const webhook = receiver.webhook && webhookUrlFileSupported(version) ? receiver.webhook : undefined
  return {
    name: receiver.name,
    ...(receiver.email ? {email_configs: [emailConfig(receiver.email)]} : {}),
    ...(receiver.slack ? {slack_configs: [slackConfig(receiver.slack)]} : {}),
    ...(webhook ? {webhook_configs: [{url_file: webhook.urlFile, send_resolved: true}]} : {}),
  }
}

/** False when the receiver's only integration is a webhook that this Alertmanager cannot load from a file. */
export function canNotify(receiver: FleetReceiver, version: string): boolean {
  return Boolean(receiver.email || receiver.slack || (receiver.webhook && webhookUrlFileSupported(version)))
}

/**
 * The webhook as a comment under its receiver: the exact lines an Alertmanager that supports
 * `url_file` would take. Undefined when the receiver has no webhook.
 */
export function pendingWebhookComment(receiver: FleetReceiver, version: string): string | undefined {
  if (!receiver.webhook || webhookUrlFileSupported(version)) return undefined
  return [
    ` Alertmanager ${version} cannot read a webhook URL from a file (url_file needs >= ${WEBHOOK_URL_FILE_SINCE}),`,
    ` so this webhook is left out. On Alertmanager >= ${WEBHOOK_URL_FILE_SINCE} the receiver also has:`,
    ' webhook_configs:',
    `   - url_file: ${receiver.webhook.urlFile}`,
    '     send_resolved: true',
  ].join('\n')
}

export function receiverNotes(receiver: FleetReceiver, version: string): string[] {
  const notes: string[] = []
  if (receiver.webhook && !webhookUrlFileSupported(version)) {
    notes.push(
      `Receiver \`${receiver.name}\`: its webhook is commented out in alertmanager.yml because Alertmanager ${version} ` +
        `cannot read a webhook URL from a file; \`url_file\` needs Alertmanager >= ${WEBHOOK_URL_FILE_SINCE}. ` +
        `If yours is newer, set \`alerting.alertmanagerVersion\` in the fleet (the URL stays in its file, never in the config).`,
    )
  }
  if (receiver.email?.authPasswordFile && !receiver.email.authUsername) {
    notes.push(
      `Receiver \`${receiver.name}\`: authPasswordFile is set but authUsername is not; Alertmanager only authenticates to the SMTP server when a username is set.`,
    )
  }
  return notes
}
