/*
| The administrator's live-update settings, kept in the studio's `settings` table under
| `live-update.*`; an empty value falls back to the environment (UPDATE_FEED_URL, ...).
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { liveUpdateConfig } from '../config.js'

export interface UpdateSettings {
  feedUrl: string | null
  proxy: string | null
  checkEveryMinutes: number
  autoApply: boolean
}

/** What the administrator typed (null: not set, the environment applies). */
export type StoredSettings = { [K in keyof UpdateSettings]: string | null }

const KEYS: Record<keyof UpdateSettings, string> = {
  feedUrl: 'live-update.feed_url',
  proxy: 'live-update.proxy',
  checkEveryMinutes: 'live-update.check_every_minutes',
  autoApply: 'live-update.auto_apply',
}

export const LAST_CHECK_KEY = 'live-update.last_check'

async function readValues(keys: string[]): Promise<Map<string, string | null>> {
  const rows = await db.from('settings').whereIn('key', keys).select('key', 'value')
  return new Map(rows.map((r: any) => [r.key, r.value]))
}

export async function writeSetting(key: string, value: string | null) {
  const updated_at = DateTime.utc().toFormat('yyyy-LL-dd HH:mm:ss')
  const affected = await db.from('settings').where('key', key).update({ value, updated_at })
  const count = Array.isArray(affected) ? Number(affected[0]) : Number(affected)
  if (!count) await db.table('settings').insert({ key, value, updated_at })
}

export async function storedSettings(): Promise<StoredSettings> {
  const values = await readValues(Object.values(KEYS))
  const get = (k: keyof UpdateSettings) => {
    const v = values.get(KEYS[k])
    return v === undefined || v === null || v === '' ? null : v
  }
  return { feedUrl: get('feedUrl'), proxy: get('proxy'), checkEveryMinutes: get('checkEveryMinutes'), autoApply: get('autoApply') }
}

export async function loadSettings(): Promise<UpdateSettings> {
  const stored = await storedSettings()
  const minutes = Number(stored.checkEveryMinutes)
  return {
    feedUrl: stored.feedUrl ?? liveUpdateConfig.feedUrl(),
    proxy: stored.proxy ?? liveUpdateConfig.proxy(),
    checkEveryMinutes: Number.isInteger(minutes) && minutes > 0 ? minutes : liveUpdateConfig.checkEveryMinutes(),
    autoApply: stored.autoApply === '1',
  }
}

export async function saveSettings(values: { feedUrl: string | null; proxy: string | null; checkEveryMinutes: number | null; autoApply: boolean }) {
  await writeSetting(KEYS.feedUrl, values.feedUrl)
  await writeSetting(KEYS.proxy, values.proxy)
  await writeSetting(KEYS.checkEveryMinutes, values.checkEveryMinutes === null ? null : String(values.checkEveryMinutes))
  await writeSetting(KEYS.autoApply, values.autoApply ? '1' : '0')
}
