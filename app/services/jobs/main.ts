/*
| The studio's job service, configured from config/queue.ts. Core code and modules use:
|
|   import { dispatch, schedule } from '#services/jobs/main'
|   await dispatch('agenda.send-reminder', { appointmentId }, { idempotencyKey: `reminder-${id}` })
|   await schedule('core.prune-failed-jobs', {}, { pattern: '30 3 * * *' }, { key: 'prune-failed-jobs' })
*/
import queueConfig from '#config/queue'
import { JobService } from '#services/jobs/job_service'

const jobs = new JobService(queueConfig)

export default jobs

export const dispatch: JobService['dispatch'] = (...args) => jobs.dispatch(...args)
export const schedule: JobService['schedule'] = (...args) => jobs.schedule(...args)
export { registerJob } from '#services/jobs/registry'
