/*
| The backup task form: what the administrator typed → a task's settings, or an Italian
| message per field (shown next to the field). Paths are checked for real: the folder is
| created if missing and must be writable, and never inside the storage folder it copies.
*/
import { constants } from 'node:fs'
import { access, mkdir } from 'node:fs/promises'
import { isAbsolute, resolve } from 'node:path'
import { translate } from '#services/i18n'
import type { AttachmentsMode, SecondLocationMode } from '../models/backup_task.js'
import { isInside } from '../services/attachments_folder.js'

export interface TaskInput {
  name: string
  destination: string
  secondLocation: string | null
  secondLocationMode: SecondLocationMode
  weekdays: number[]
  runAt: string
  /** undefined: keep the current password; null: no password; a string: the new one. */
  password: string | null | undefined
  attachments: AttachmentsMode
  notifyEmail: string
  clinicName: string
  isEnabled: boolean
}

export type FieldErrors = Record<string, string>

export const PASSWORD_MIN_LENGTH = 8
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/

const message = (key: string, params: Record<string, unknown> = {}) => translate(`backups.form.errors.${key}`, params)
const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '')
const checked = (value: unknown) => value === '1' || value === 'on' || value === 'true' || value === true

async function folderProblem(path: string, storageDir: string): Promise<string | null> {
  if (!isAbsolute(path)) return message('path_not_absolute')
  if (isInside(resolve(path), resolve(storageDir)) || isInside(resolve(storageDir), resolve(path))) {
    return message('path_in_storage')
  }
  try {
    await mkdir(path, { recursive: true })
    await access(path, constants.W_OK)
    return null
  } catch {
    return message('path_not_writable')
  }
}

export async function validateTaskInput(
  raw: Record<string, unknown>,
  context: { storageDir: string; hasPassword: boolean; nameTaken: (name: string) => Promise<boolean> }
): Promise<{ input: TaskInput | null; errors: FieldErrors }> {
  const errors: FieldErrors = {}

  const name = text(raw.name)
  if (!name) errors.name = message('required')
  else if (name.length > 100) errors.name = message('too_long', { max: 100 })
  else if (await context.nameTaken(name)) errors.name = message('name_taken')

  const destination = text(raw.destination)
  if (!destination) errors.destination = message('required')
  else if (destination.length > 500) errors.destination = message('too_long', { max: 500 })
  else {
    const problem = await folderProblem(destination, context.storageDir)
    if (problem) errors.destination = problem
  }

  const secondLocation = text(raw.second_location) || null
  const secondLocationMode = (text(raw.second_location_mode) || 'copy') as SecondLocationMode
  if (!['copy', 'move'].includes(secondLocationMode)) errors.second_location_mode = message('invalid_choice')
  if (secondLocation) {
    if (secondLocation.length > 500) errors.second_location = message('too_long', { max: 500 })
    else if (destination && resolve(secondLocation) === resolve(destination)) errors.second_location = message('same_folder')
    else {
      const problem = await folderProblem(secondLocation, context.storageDir)
      if (problem) errors.second_location = problem
    }
  }

  const weekdays = [raw.weekdays ?? []]
    .flat()
    .map(Number)
    .filter((d) => Number.isInteger(d) && d >= 1 && d <= 7)
  if (weekdays.length === 0) errors.weekdays = message('weekdays_required')

  const runAt = text(raw.run_at)
  if (!TIME.test(runAt)) errors.run_at = message('time_invalid')

  let password: string | null | undefined
  if (!checked(raw.protect)) password = null
  else {
    const typed = typeof raw.password === 'string' ? raw.password : ''
    const confirmation = typeof raw.password_confirmation === 'string' ? raw.password_confirmation : ''
    if (!typed && context.hasPassword) password = undefined
    else if (!typed) errors.password = message('password_required')
    else if (typed.length < PASSWORD_MIN_LENGTH) errors.password = message('password_short', { min: PASSWORD_MIN_LENGTH })
    else if (typed !== confirmation) errors.password_confirmation = message('password_mismatch')
    else password = typed
  }

  const attachments = (text(raw.attachments) || 'none') as AttachmentsMode
  if (!['none', 'included', 'separate'].includes(attachments)) errors.attachments = message('invalid_choice')

  const notifyEmail = text(raw.notify_email)
  if (!notifyEmail) errors.notify_email = message('email_required')
  else if (notifyEmail.length > 254 || !EMAIL.test(notifyEmail)) errors.notify_email = message('email_invalid')

  const clinicName = text(raw.clinic_name)
  if (!clinicName) errors.clinic_name = message('clinic_required')
  else if (clinicName.length > 120) errors.clinic_name = message('too_long', { max: 120 })

  if (Object.keys(errors).length) return { input: null, errors }
  return {
    input: {
      name,
      destination,
      secondLocation,
      secondLocationMode,
      weekdays: [...new Set(weekdays)].sort(),
      runAt,
      password,
      attachments,
      notifyEmail,
      clinicName,
      isEnabled: checked(raw.is_enabled),
    },
    errors,
  }
}

/** The test-mail button checks only the two mail fields. */
export function validateMailFields(raw: Record<string, unknown>): { to: string; clinic: string; errors: FieldErrors } {
  const errors: FieldErrors = {}
  const to = text(raw.notify_email)
  const clinic = text(raw.clinic_name)
  if (!to) errors.notify_email = message('email_required')
  else if (!EMAIL.test(to)) errors.notify_email = message('email_invalid')
  if (!clinic) errors.clinic_name = message('clinic_required')
  return { to, clinic, errors }
}
