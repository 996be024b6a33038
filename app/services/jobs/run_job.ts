/*
| Runs one attempt of a job by name, with the whole application available to the handler
| (Lucid, mail, logger). Shared by the BullMQ worker and the inline driver.
*/
import { resolveHandler } from '#services/jobs/registry'

/** A job that must not be retried (unknown name, invalid payload): straight to the dead letters. */
export class PermanentJobError extends Error {
  // BullMQ recognises this name and skips the remaining attempts.
  name = 'UnrecoverableError'
}

export async function runJob(name: string, payload: unknown): Promise<unknown> {
  const handler = await resolveHandler(name)
  if (!handler) {
    throw new PermanentJobError(`No handler for job "${name}" (module disabled or name mistyped).`)
  }
  return handler(payload)
}

export function isPermanent(error: unknown): boolean {
  return error instanceof Error && error.name === 'UnrecoverableError'
}
