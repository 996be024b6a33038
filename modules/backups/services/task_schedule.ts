/*
| Each enabled task becomes a job schedule (`backups.run`, cron in the studio's time zone):
| declared at boot for every task, replaced when a task is saved, removed when it is
| disabled or deleted.
*/
import jobs from '#services/jobs/main'
import BackupTask from '../models/backup_task.js'

export const RUN_JOB = 'backups.run'

export const scheduleKey = (taskId: number) => `backups.task-${taskId}`

/** "every Monday to Saturday at 10:00" → `0 10 * * 1,2,3,4,5,6` (cron: Sunday is 0). */
export function cronPattern(task: Pick<BackupTask, 'weekdays' | 'runAt'>): string {
  const [hour, minute] = task.runAt.split(':').map(Number)
  const days = [...new Set(task.weekdays.map((d) => d % 7))].sort((a, b) => a - b)
  return `${minute} ${hour} * * ${days.join(',')}`
}

export async function applyTaskSchedule(task: BackupTask) {
  if (task.isEnabled && task.weekdays.length) {
    await jobs.schedule(RUN_JOB, { taskId: task.id }, { pattern: cronPattern(task) }, { key: scheduleKey(task.id) })
  } else {
    await jobs.unschedule(scheduleKey(task.id))
  }
}

export async function removeTaskSchedule(taskId: number) {
  await jobs.unschedule(scheduleKey(taskId))
}

/** At boot: every task's schedule, before the job service starts them. */
export async function declareAllTaskSchedules() {
  for (const task of await BackupTask.all()) await applyTaskSchedule(task)
}
