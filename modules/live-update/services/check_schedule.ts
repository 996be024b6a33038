/*
| When the feed is checked (product spec: 3 minutes after start, then every 2 hours by
| default): a repeatable job at the administrator's interval, and a one-off timer in the web
| server for the first check. Ace commands and tests schedule nothing.
*/
import type { ApplicationService } from '@adonisjs/core/types'
import logger from '@adonisjs/core/services/logger'
import jobs from '#services/jobs/main'
import { liveUpdateConfig } from '../config.js'
import { loadSettings } from './update_settings.js'

export const CHECK_JOB = 'live-update.check'
export const APPLY_JOB = 'live-update.apply'

export async function applyCheckSchedule() {
  const settings = await loadSettings()
  await jobs.schedule(CHECK_JOB, {}, { every: settings.checkEveryMinutes * 60_000 }, { key: CHECK_JOB })
}

export async function startServerHooks(app: ApplicationService) {
  try {
    await applyCheckSchedule()
  } catch (error) {
    // Migrations not run yet: the page will say so; the server must still start.
    logger.warn({ err: error }, 'live update: check not scheduled (are the migrations run?)')
  }
  const timer = setTimeout(() => {
    jobs.dispatch(CHECK_JOB, {}, { attempts: 1 }).catch((error) => logger.warn({ err: error }, 'live update: first check not queued'))
  }, liveUpdateConfig.firstCheckDelayMs)
  timer.unref()
  app.terminating(() => clearTimeout(timer))
}
