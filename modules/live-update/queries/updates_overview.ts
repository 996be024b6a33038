/*
| What /admin/aggiornamenti shows: installed versions, the last check refreshed against what
| is installed now, the history, the settings and the active messages.
*/
import { DateTime } from 'luxon'
import { DATASET_KEYS } from '#services/refdata/dataset'
import { liveUpdateConfig } from '../config.js'
import UpdateHistory from '../models/update_history.js'
import { installedComponents } from '../services/components.js'
import { lastCheck, rateComponents } from '../services/check_feed.js'
import { loadSettings, storedSettings } from '../services/update_settings.js'
import { activeMessages } from './active_messages.js'

export async function liveSection() {
  const check = await lastCheck()
  const components = check?.ok ? await rateComponents(check.components) : []
  const history = await UpdateHistory.query().orderBy('started_at', 'desc').orderBy('id', 'desc').limit(50)
  return {
    check,
    checkedAt: check ? DateTime.fromISO(check.checkedAt) : null,
    generatedAt: check?.generatedAt ? DateTime.fromISO(check.generatedAt) : null,
    components,
    available: components.filter((c) => c.state === 'available'),
    history,
    anyRunning: history.some((h) => h.outcome === 'running'),
  }
}

export async function updatesOverview() {
  const installed = [...(await installedComponents()).values()].sort((a, b) => {
    const order = (k: string) => {
      const i = (DATASET_KEYS as string[]).indexOf(k)
      return i === -1 ? 100 : i
    }
    return order(a.key) - order(b.key) || a.key.localeCompare(b.key)
  })
  return {
    ...(await liveSection()),
    installed,
    settings: await loadSettings(),
    stored: await storedSettings(),
    defaults: {
      feedUrl: liveUpdateConfig.feedUrl(),
      proxy: liveUpdateConfig.proxy(),
      checkEveryMinutes: liveUpdateConfig.checkEveryMinutes(),
    },
    publicKeyConfigured: Boolean(liveUpdateConfig.publicKey()),
    messages: await activeMessages(null),
  }
}
