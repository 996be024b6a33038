/*
| What the /admin/backup page shows: tasks, the latest runs (with the one at work first in
| mind), and the titolari whose patients can be exported.
*/
import User from '#models/user'
import BackupRun from '../models/backup_run.js'
import BackupTask from '../models/backup_task.js'

export const RUNS_SHOWN = 20

export async function latestRuns(limit = RUNS_SHOWN) {
  const runs = await BackupRun.query().orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit)
  return { runs, anyActive: runs.some((r) => r.isActive && !r.isInterrupted) }
}

export async function backupOverview() {
  const tasks = await BackupTask.query().orderBy('name')
  const doctors = await User.query().where('role', 'titolare').orderBy('last_name').orderBy('first_name')
  return {
    tasks: tasks.map((task) => ({ task })),
    doctors,
    ...(await latestRuns()),
  }
}
