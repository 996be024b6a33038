/*
| State of the job queue as /health reports it: 'inline' without REDIS_HOST (jobs run
| in-process), 'ok' when Redis answers, 'down' when it is configured but unreachable.
*/
import jobs from '#services/jobs/main'
import type { QueueState } from '#services/jobs/types'

export async function queueState(): Promise<QueueState> {
  return jobs.state()
}
