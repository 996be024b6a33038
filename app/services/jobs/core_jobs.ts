/*
| The core's own jobs and schedules. Modules declare theirs in module.ts (`jobs: {...}`);
| other core services register here (`registerJob('core.send-mail', () => import(...))`).
*/
import jobs from '#services/jobs/main'
import { registerJob } from '#services/jobs/registry'

// Does nothing: proves a queue end to end (health checks, the jobs benchmark, queue:work tests).
registerJob('core.noop', () => import('#services/jobs/handlers/noop'))
// Every mail of the studio leaves through the outbox and this job (retries with backoff).
registerJob('core.send-mail', () => import('#services/jobs/handlers/send_mail'))
registerJob('core.send-sms', () => import('#services/jobs/handlers/send_sms'))
registerJob('core.prune-failed-jobs', () => import('#services/jobs/handlers/prune_failed_jobs'))

// Dead letters are kept 90 days: time to notice and retry, not an archive.
await jobs.schedule('core.prune-failed-jobs', { days: 90 }, { pattern: '30 3 * * *' }, { key: 'core.prune-failed-jobs' })
