/*
| Job `live-update.apply`: "Applica selezionati" / "Applica tutti" from the admin page. Not
| retried: each component's outcome is in the history, and the administrator decides.
*/
import { applyUpdates } from '../services/apply_updates.js'
import { describeFailure } from '../services/update_error.js'

interface Payload {
  keys?: string[]
  all?: boolean
  userId?: number | null
  label?: string | null
}

export default async function applyUpdatesJob(payload: Payload) {
  try {
    const outcomes = await applyUpdates({
      keys: payload.keys,
      all: payload.all,
      origin: 'admin',
      actor: { userId: payload.userId ?? null, label: payload.label ?? null },
    })
    return { outcomes: outcomes.map((o) => ({ key: o.key, outcome: o.outcome })) }
  } catch (error) {
    return { error: describeFailure(error) }
  }
}
