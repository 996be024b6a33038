/*
| The day's list as Gestione Studio shows it: one page of rows written as HTML, the day's count
| and the paging. Every open Gestione Studio refreshes its list when any prescription of the
| studio changes, so the same list is asked for many times between two changes: it is written
| once and reused while the day's fingerprint (read on every request) is the same.
*/
import { FingerprintCache } from '#services/fingerprint_cache'
import { dayFingerprint, studioDay, type DayOptions } from '../queries/studio_day.js'
import { dayRowsHtml, type DayRowsOptions } from './day_rows_html.js'

export interface DayListPage {
  rowsHtml: string
  /** Rows on this page. */
  shown: number
  /** Prescriptions of the day (all pages). */
  total: number
  page: number
  pages: number
}

// A page of rows is about 90 KB: 64 of them (doctors × filters × pages × roles) stay small.
// A minute bounds what the fingerprint does not see: a patient's or a colleague's name corrected.
const written = new FingerprintCache<{ rowsHtml: string; shown: number }>({ max: 64, maxAgeMs: 60_000 })

/** `asked` past the last page (the day shrank since the link was made) gives the last page. */
export async function dayListPage(options: DayOptions, asked: number, pageSize: number, view: DayRowsOptions): Promise<DayListPage> {
  const { count, fingerprint } = await dayFingerprint(options)
  if (!count) return { rowsHtml: '', shown: 0, total: 0, page: 1, pages: 1 }
  const pages = Math.ceil(count / pageSize)
  const page = Math.min(pages, Math.max(1, asked))
  const key = JSON.stringify([options.doctorId, options.date, options.filter, options.patientId ?? null, page, pageSize, view.canCancel, view.dayUrl])
  // The fingerprint is read before the rows: a list stored under it is never older than it.
  const list = await written.through(key, fingerprint, async () => {
    const rows = await studioDay({ ...options, limit: pageSize, offset: (page - 1) * pageSize })
    return { rowsHtml: dayRowsHtml(rows, view), shown: rows.length }
  })
  return { ...list, total: count, page, pages }
}
