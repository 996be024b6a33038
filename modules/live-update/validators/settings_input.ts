/*
| The settings form of /admin/aggiornamenti: every bad value gets its Italian message next to
| its field. Empty fields mean "use the configuration default".
*/
import { existsSync, statSync } from 'node:fs'
import { isAbsolute } from 'node:path'
import { translate } from '#services/i18n'
import { liveUpdateConfig } from '../config.js'

export interface SettingsInput {
  feedUrl: string | null
  proxy: string | null
  checkEveryMinutes: number | null
  autoApply: boolean
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '')

function httpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && Boolean(url.hostname)
  } catch {
    return false
  }
}

export function validateSettingsInput(input: Record<string, unknown>): { values: SettingsInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {}
  const feedUrl = text(input.feed_url)
  const proxy = text(input.proxy)
  const minutesText = text(input.check_every_minutes)

  if (feedUrl.length > 500) errors.feed_url = translate('updates.validation.feed_url')
  else if (feedUrl && /^https?:/i.test(feedUrl)) {
    if (!httpUrl(feedUrl)) errors.feed_url = translate('updates.validation.feed_url')
  } else if (feedUrl && !(isAbsolute(feedUrl) && existsSync(feedUrl) && statSync(feedUrl).isDirectory())) {
    errors.feed_url = translate('updates.validation.feed_url')
  }

  if (proxy && (proxy.length > 300 || !httpUrl(proxy))) errors.proxy = translate('updates.validation.proxy')

  let minutes: number | null = null
  if (minutesText) {
    minutes = /^\d{1,6}$/.test(minutesText) ? Number(minutesText) : Number.NaN
    if (!(minutes >= liveUpdateConfig.minIntervalMinutes && minutes <= liveUpdateConfig.maxIntervalMinutes)) {
      errors.check_every_minutes = translate('updates.validation.check_every_minutes', {
        min: liveUpdateConfig.minIntervalMinutes,
        max: liveUpdateConfig.maxIntervalMinutes,
      })
    }
  }
  const autoApply = ['1', 'on', 'true'].includes(text(input.auto_apply))
  return { values: { feedUrl: feedUrl || null, proxy: proxy || null, checkEveryMinutes: minutes, autoApply }, errors }
}
