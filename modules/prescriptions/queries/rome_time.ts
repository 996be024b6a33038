import { DateTime } from 'luxon'

/** A UTC timestamp as either database returns it (SQLite text, MariaDB Date), in Rome time. */
export function romeTime(value: unknown, format: string): string {
  const instant = value instanceof Date ? DateTime.fromJSDate(value) : DateTime.fromSQL(String(value), { zone: 'utc' })
  return instant.setZone('Europe/Rome').toFormat(format)
}

const romeCalendar = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' })

/** Today's date in Rome as YYYY-MM-DD (cheaper than a zoned DateTime on every request). */
export function romeToday(now = new Date()): string {
  const parts = Object.fromEntries(romeCalendar.formatToParts(now).map((p) => [p.type, p.value]))
  return `${parts.year}-${parts.month}-${parts.day}`
}
