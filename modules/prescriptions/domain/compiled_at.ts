/*
| dataCompilazione and validity (spec §3.1, §5.2). The date is fixed at validation and sent as
| Rome local time, 24-hour clock, `YYYY-MM-DD HH:mm:ss` (19 characters).
*/
import { DateTime } from 'luxon'
import type { ContentKind } from './kinds.js'

export const STUDIO_ZONE = 'Europe/Rome'

const WIRE_FORMAT = 'yyyy-MM-dd HH:mm:ss'

export function formatCompiledAt(instant: DateTime | Date): string {
  const value = instant instanceof Date ? DateTime.fromJSDate(instant) : instant
  return value.setZone(STUDIO_ZONE).toFormat(WIRE_FORMAT)
}

/** A `dataCompilazione` read back from the SAC or the database; null when malformed. */
export function parseCompiledAt(value: string): DateTime | null {
  const parsed = DateTime.fromFormat(value, WIRE_FORMAT, { zone: STUDIO_ZONE })
  return parsed.isValid ? parsed : null
}

export interface ValidityRules {
  drug: { days: number; reference: string; verified: boolean }
  service: {
    defaultDays: number
    /** Days by region code where the region sets its own validity. */
    byRegion: Record<string, number>
    reference: string
    verified: boolean
  }
}

export const VALIDITY_RULES: ValidityRules = {
  drug: { days: 30, reference: 'Spec §5.2 (nazionale)', verified: false },
  // No regional value checked yet: every region falls back to the default.
  service: { defaultDays: 180, byRegion: {}, reference: 'Spec §5.2 (per regione)', verified: false },
}

export function validityDays(kind: ContentKind, regionCode?: string | null, rules: ValidityRules = VALIDITY_RULES): number {
  if (kind === 'drug') return rules.drug.days
  return (regionCode && rules.service.byRegion[regionCode]) || rules.service.defaultDays
}

/**
 * Last moment the prescription may be dispensed: the end of the day N days after the day of
 * compilation, in Rome. Assumption: the day of compilation is not counted.
 */
export function validUntil(
  kind: ContentKind,
  compiledAt: DateTime | Date,
  regionCode?: string | null,
  rules: ValidityRules = VALIDITY_RULES
): DateTime {
  const start = compiledAt instanceof Date ? DateTime.fromJSDate(compiledAt) : compiledAt
  return start
    .setZone(STUDIO_ZONE)
    .plus({ days: validityDays(kind, regionCode, rules) })
    .endOf('day')
}

export function isPastValidity(
  kind: ContentKind,
  compiledAt: DateTime | Date,
  now: DateTime | Date = DateTime.now(),
  regionCode?: string | null,
  rules: ValidityRules = VALIDITY_RULES
): boolean {
  const current = now instanceof Date ? DateTime.fromJSDate(now) : now
  return current > validUntil(kind, compiledAt, regionCode, rules)
}
