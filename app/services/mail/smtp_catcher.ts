/*
| The development and demo mail catcher: a real SMTP server inside the app that accepts
| every message and keeps it in caught_mails (attachments encrypted in the storage), so
| /admin/posta shows exactly what a patient would have received. Never used in production.
*/
import { Readable } from 'node:stream'
import { DateTime } from 'luxon'
import { SMTPServer } from 'smtp-server'
import { simpleParser, type AddressObject } from 'mailparser'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import { storeEncrypted } from '#services/storage/encrypted_storage'

export interface CatcherHandle {
  port: number
  close(): Promise<void>
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : []
  return list.flatMap((a) => a.value.map((v) => v.address ?? '')).filter(Boolean)
}

export async function storeCaughtMail(raw: Buffer) {
  const parsed = await simpleParser(raw)
  const attachments = []
  for (const file of parsed.attachments) {
    const stored = await storeEncrypted(Readable.from([file.content]), 'mail-caught')
    attachments.push({ filename: file.filename ?? 'allegato', contentType: file.contentType, sizeBytes: file.size, storageKey: stored.storageKey })
  }
  await db.table('caught_mails').insert({
    message_id: parsed.messageId?.slice(0, 250) ?? null,
    from_address: addresses(parsed.from)[0] ?? null,
    to_addresses: addresses(parsed.to).join(', '),
    subject: parsed.subject?.slice(0, 250) ?? null,
    text: parsed.text ?? null,
    html: typeof parsed.html === 'string' ? parsed.html : null,
    attachments: attachments.length ? JSON.stringify(attachments) : null,
    size_bytes: raw.length,
    received_at: DateTime.utc().toSQL({ includeOffset: false }),
  })
}

/** Listens on 127.0.0.1 only; if the port is taken, on any free port (returned). */
export async function startSmtpCatcher(port: number): Promise<CatcherHandle> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    banner: 'Studio MG mail catcher',
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        storeCaughtMail(Buffer.concat(chunks)).then(
          () => callback(),
          (error) => {
            logger.error({ err: error }, 'mail catcher: could not store a message')
            callback(error)
          }
        )
      })
    },
  })
  const listen = (p: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject)
      server.listen(p, '127.0.0.1', () => {
        server.off('error', reject)
        resolve((server.server.address() as { port: number }).port)
      })
    })
  let actual: number
  try {
    actual = await listen(port)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
    actual = await listen(0)
  }
  return { port: actual, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}
