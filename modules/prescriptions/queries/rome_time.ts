import { DateTime } from 'luxon'

/** A UTC timestamp as either database returns it (SQLite text, MariaDB Date), in Rome time. */
export function romeTime(value: unknown, format: string): string {
  const instant = value instanceof Date ? DateTime.fromJSDate(value) : DateTime.fromSQL(String(value), { zone: 'utc' })
  return instant.setZone('Europe/Rome').toFormat(format)
}
