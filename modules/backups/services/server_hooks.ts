/*
| What the web server does for backups when it starts: the lock file that tells a restore
| "Studio MG is running on this database", the default task on first run, and the job
| schedule of every task.
*/
import type { ApplicationService } from '@adonisjs/core/types'
import logger from '@adonisjs/core/services/logger'
import { targetFromConfig } from './database_target.js'
import { ensureDefaultTask } from './default_task.js'
import { lockFileFor, removeServerLock, writeServerLock } from './server_lock.js'
import { declareAllTaskSchedules } from './task_schedule.js'

export async function startServerHooks(app: ApplicationService) {
  const lock = lockFileFor(targetFromConfig(), app.makePath('tmp'))
  writeServerLock(lock)
  const release = () => removeServerLock(lock)
  app.terminating(release)
  // Also on a crash or Ctrl-C that skips the graceful shutdown.
  process.once('exit', release)

  try {
    await ensureDefaultTask()
    await declareAllTaskSchedules()
  } catch (error) {
    // Migrations not run yet: the page will say so; the server must still start.
    logger.warn({ err: error }, 'backups: tasks not scheduled (are the migrations run?)')
  }
}
