import { pruneFailed } from '#services/jobs/failed_jobs'

export default async function pruneFailedJobs(payload: { days?: number }) {
  const removed = await pruneFailed(Math.max(1, Number(payload.days ?? 90)))
  return { removed }
}
