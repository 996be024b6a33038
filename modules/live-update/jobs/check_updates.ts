/*
| Job `live-update.check`: reads the feed and records what is available; with the "apply
| automatically" setting on, applies it too. Never throws: a feed that is down is an outcome
| shown on the admin page, not a job to retry five times.
*/
import { notify } from '#services/live/notify'
import { applyUpdates } from '../services/apply_updates.js'
import { checkForUpdates } from '../services/check_feed.js'
import { describeFailure } from '../services/update_error.js'
import { loadSettings } from '../services/update_settings.js'

export default async function checkUpdatesJob() {
  const settings = await loadSettings()
  if (!settings.feedUrl) return { skipped: 'not_configured' }
  const result = await checkForUpdates()
  try {
    notify({ role: 'admin' }, 'updates:progress')
  } catch {}
  const available = result.components.filter((c) => c.state === 'available').length
  if (!result.ok || !available || !settings.autoApply) return { ok: result.ok, available }
  try {
    const outcomes = await applyUpdates({ all: true, origin: 'job', actor: null })
    return { ok: true, available, applied: outcomes.filter((o) => o.outcome === 'applied').length }
  } catch (error) {
    return { ok: false, error: describeFailure(error) }
  }
}
