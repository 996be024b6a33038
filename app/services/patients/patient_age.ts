import { DateTime } from 'luxon'

/** Completed years, and months for babies under two (what a GP reads at a glance). */
export function patientAge(birthIso: string, on: DateTime = DateTime.now()): { years: number; months: number } {
  const diff = on.startOf('day').diff(DateTime.fromISO(birthIso), ['years', 'months'])
  return { years: Math.max(0, Math.floor(diff.years)), months: Math.max(0, Math.floor(diff.months)) }
}
