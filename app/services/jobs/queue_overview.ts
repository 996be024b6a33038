/*
| What /admin/code shows: the driver and its state, the counts of every queue, the schedules
| and the failed jobs waiting for a decision.
*/
import jobs from '#services/jobs/main'
import { listFailed } from '#services/jobs/failed_jobs'
import type { QueueCounts } from '#services/jobs/types'

const MAX_PAYLOAD_SHOWN = 300

export async function queueOverview() {
  const state = await jobs.state()
  let counts: QueueCounts[] = []
  if (state !== 'down') {
    counts = await jobs.counts().catch(() => [])
  }
  const failed = (await listFailed()).map((f) => {
    const payload = JSON.stringify(f.payload)
    return {
      ...f,
      failedAt: f.failedAt.toLocal(),
      errorLine: f.error.split('\n')[0],
      payloadText: payload.length > MAX_PAYLOAD_SHOWN ? `${payload.slice(0, MAX_PAYLOAD_SHOWN)}…` : payload,
    }
  })
  const schedules = jobs.declaredSchedules().map((s) => ({
    ...s,
    everySeconds: 'every' in s ? Math.round(s.every / 1000) : null,
  }))
  return { driver: jobs.driver, state, counts, failed, schedules }
}
