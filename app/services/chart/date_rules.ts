/*
| Dates of clinical facts: a problem's onset, a measurement, a vaccination, a diary note cannot
| be in the future nor before the patient was born (typing 2052 for 2025 is the usual slip).
*/
import { DateTime } from 'luxon'
import type Patient from '#models/patient'
import { translate as t } from '#services/i18n'
import type { FieldErrors } from '#services/chart/field_errors'

/** A JS Date from the validator as a Luxon date (day precision), or null. */
export function toDay(value: Date | null | undefined): DateTime | null {
  return value ? DateTime.fromJSDate(value).startOf('day') : null
}

export function toMoment(value: Date | null | undefined): DateTime | null {
  return value ? DateTime.fromJSDate(value) : null
}

/** Adds an error to `field` when the date is after now (days: after today) or before birth. */
export function checkPastDate(errors: FieldErrors, field: string, value: DateTime | null, patient: Patient) {
  if (!value) return
  const latest = value.hour || value.minute ? DateTime.now().plus({ minutes: 5 }) : DateTime.now().endOf('day')
  if (value > latest) errors[field] ??= t('chart.dates.future')
  else checkAfterBirth(errors, field, value, patient)
}

export function checkAfterBirth(errors: FieldErrors, field: string, value: DateTime | null, patient: Patient) {
  if (value && value < patient.birthDate.startOf('day')) errors[field] ??= t('chart.dates.before_birth')
}

/** `later` cannot precede `earlier` (resolution before onset, end before start...). */
export function checkOrder(errors: FieldErrors, field: string, earlier: DateTime | null, later: DateTime | null, message: string) {
  if (earlier && later && later < earlier) errors[field] ??= t(message)
}
