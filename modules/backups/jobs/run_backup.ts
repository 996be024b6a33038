/*
| Job `backups.run`: a task's scheduled run, or "Esegui ora" (then the run row already
| exists, queued, and its id comes in the payload). A failed backup is not retried: it is
| recorded, logged and mailed; the next scheduled run is the retry.
*/
import { DateTime } from 'luxon'
import BackupRun from '../models/backup_run.js'
import BackupTask from '../models/backup_task.js'
import { BackupError, isBackupError } from '../services/backup_error.js'
import { runBackup, settingsOf } from '../services/run_task.js'

interface Payload {
  taskId: number
  runId?: number
  userId?: number
}

async function giveUp(runId: number | undefined, error: BackupError) {
  const run = runId ? await BackupRun.find(runId) : null
  if (!run) return
  run.merge({ status: 'failed', error: error.message, exitCode: 1, finishedAt: DateTime.now(), phase: 'done' })
  await run.save()
}

export default async function runBackupJob(payload: Payload) {
  const task = await BackupTask.find(payload.taskId)
  if (!task) {
    await giveUp(payload.runId, new BackupError('task_not_found', { name: `#${payload.taskId}` }))
    return { skipped: 'task_missing' }
  }
  // A schedule left over from a task disabled meanwhile does nothing.
  if (!payload.runId && !task.isEnabled) return { skipped: 'disabled' }
  try {
    const run = await runBackup({
      settings: settingsOf(task),
      origin: payload.runId ? 'manual' : 'scheduled',
      runId: payload.runId ?? null,
      requestedBy: payload.userId ?? null,
    })
    return { runId: run.id, status: run.status }
  } catch (error) {
    if (isBackupError(error, 'already_running')) {
      await giveUp(payload.runId, error)
      return { skipped: 'already_running' }
    }
    throw error
  }
}
