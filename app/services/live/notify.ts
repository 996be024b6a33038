/*
| Live notifications to open pages. The server publishes a small event on the user and role
| channels; live.js turns it into `htmx.trigger(document.body, event)`, and any element with
| `hx-trigger="<event> from:body"` refetches itself. No HTML (and no patient data beyond ids)
| travels over SSE.
|
|   notify({ role: 'titolare' }, 'prescriptions:changed', { prescriptionId: 12 })
|   notify({ user: doctor.id }, 'agenda:changed')
*/
import transmit from '@adonisjs/transmit/services/main'
import type { Role } from '#core/modules/define_module'
import { ROLES, roleChannel, userChannel } from '#services/live/channels'

export interface LiveTarget {
  user?: number | number[]
  role?: Role | Role[]
}

export interface LiveMessage {
  event: string
  data: Record<string, unknown>
}

// `<area>:<what>`, as htmx event names go: `studio:changed`, `agenda:booking-added`.
const EVENT = /^[a-z][a-z0-9-]*:[a-z0-9][a-z0-9:-]*$/
const MAX_PAYLOAD = 1_000

/** Publishes `event` to the given users and roles; returns the channels it went to. */
export function notify(target: LiveTarget, event: string, payload: Record<string, unknown> = {}): string[] {
  if (!EVENT.test(event)) throw new Error(`Live event "${event}" must look like "area:what-happened".`)
  if (JSON.stringify(payload).length > MAX_PAYLOAD) {
    throw new Error('Live payloads carry ids, not records: keep them under 1 KB.')
  }
  const users = target.user === undefined ? [] : [target.user].flat()
  const roles = target.role === undefined ? [] : [target.role].flat()
  const channels = [...new Set([...users.map(userChannel), ...roles.map(roleChannel)])]
  const message: LiveMessage = { event, data: payload }
  for (const channel of channels) transmit.broadcast(channel, message as any)
  return channels
}

/** Every signed-in page of the studio. */
export function notifyStudio(event: string, payload: Record<string, unknown> = {}) {
  return notify({ role: ROLES }, event, payload)
}
