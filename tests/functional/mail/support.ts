/*
| Mail tests: a real SMTP server, the job service on the chosen driver, short retries.
*/
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { BlobReader, BlobWriter, ZipReader } from '@zip.js/zip.js'
import queueConfig from '#config/queue'
import mailConfig from '#config/mail'
import jobs from '#services/jobs/main'
import { resetMailTransport, useMailTransport } from '#services/mail/mail_transport'
import { startTestSmtp, type TestSmtp } from '#tests/helpers/smtp_server'
import { clearTestRedis, testConfig, waitFor } from '#tests/unit/jobs/support/test_jobs'

export { waitFor }

export const context: { smtp: TestSmtp | null } = { smtp: null }

export function smtp(): TestSmtp {
  if (!context.smtp) throw new Error('no test SMTP server')
  return context.smtp
}

/** Per test: jobs on `driver`, a fresh SMTP server the outbox sends to, 3 quick attempts. */
export function mailSetup(driver: 'inline' | 'bullmq', smtpOptions: Parameters<typeof startTestSmtp>[0] = {}) {
  return async () => {
    const saved = { attempts: mailConfig.attempts, retryDelayMs: mailConfig.retryDelayMs }
    mailConfig.attempts = 3
    mailConfig.retryDelayMs = 50
    await jobs.reconfigure(testConfig(driver))
    await jobs.start({ workers: true })
    const rollback = await testUtils.db().withGlobalTransaction()
    context.smtp = await startTestSmtp(smtpOptions)
    await useMailTransport('smtp', { host: '127.0.0.1', port: context.smtp.port, secure: false, user: smtpOptions.auth?.user, password: smtpOptions.auth?.pass })
    return async () => {
      // BullMQ keeps the schedulers' next runs as delayed jobs: only the inline driver can be idle.
      if (driver === 'inline') await jobs.idle(10_000)
      await context.smtp?.close()
      context.smtp = null
      await resetMailTransport()
      Object.assign(mailConfig, saved)
      await jobs.reconfigure(queueConfig)
      await rollback()
      if (driver === 'bullmq') await clearTestRedis()
    }
  }
}

export async function mailRow(id: number) {
  return db.from('outgoing_mails').where('id', id).first()
}

export function waitForStatus(id: number, status: string, timeoutMs = 10_000) {
  return waitFor(async () => {
    const row = await mailRow(id)
    return row?.status === status ? row : null
  }, timeoutMs)
}

/** Opens a zip (with its password when given) and returns its files and whether they were encrypted. */
export async function openZip(content: Buffer, password?: string) {
  const reader = new ZipReader(new BlobReader(new Blob([new Uint8Array(content)])), { password })
  const files: Record<string, { data: Buffer; encrypted: boolean }> = {}
  for (const entry of await reader.getEntries()) {
    if (entry.directory) continue
    const blob = await (entry as any).getData(new BlobWriter())
    files[entry.filename] = { data: Buffer.from(await blob.arrayBuffer()), encrypted: entry.encrypted }
  }
  await reader.close()
  return files
}
