/*
| Shared set-up of the chart's functional tests.
*/
import { DateTime } from 'luxon'
import * as cheerio from 'cheerio'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import { createPatient, createUser } from '#tests/helpers/factories'

export const today = () => DateTime.now().toISODate()!
export const inDays = (days: number) => DateTime.now().plus({ days }).toISODate()!

/** A titolare and one of his patients, born on 1 January 1980. */
export async function doctorAndPatient() {
  const doctor = await createUser({ role: 'titolare' })
  const patient = await createPatient({ doctorId: doctor.id, birthDate: DateTime.fromISO('1980-01-01') })
  return { doctor, patient }
}

/** POSTs a form as htmx does (fragment back) or as a plain browser form (redirect). */
export function post(client: any, url: string, form: Record<string, string>, user: User, mode: 'htmx' | 'plain' = 'htmx') {
  const request = client.post(url).form(form).withCsrfToken().loginAs(user)
  return mode === 'htmx' ? request.header('HX-Request', 'true') : request.redirects(0)
}

export function getFragment(client: any, url: string, user: User) {
  return client.get(url).header('HX-Request', 'true').loginAs(user)
}

export const html = (response: { text(): string }) => cheerio.load(response.text())

/** Ids of the rows of the section's list in a response. */
export function rowIds(response: { text(): string }) {
  const $ = html(response)
  return $('tr[data-entry-id]').map((_, el) => Number($(el).attr('data-entry-id'))).get()
}

export function auditRows(patientId: number) {
  return db.from('audit_logs').where('patient_id', patientId).orderBy('id')
}

/** Removes the encrypted files a test stored (the database rows are rolled back, files are not). */
export async function cleanStoredFiles() {
  const { readdir, rm } = await import('node:fs/promises')
  const { join } = await import('node:path')
  const { storagePath } = await import('#config/studio')
  const list = async () => {
    try {
      return new Set((await readdir(join(storagePath, 'attachments'), { recursive: true })).map(String))
    } catch {
      return new Set<string>()
    }
  }
  const before = await list()
  return async () => {
    for (const file of await list()) {
      if (!before.has(file) && file.length > 3) await rm(join(storagePath, 'attachments', file), { force: true })
    }
  }
}
