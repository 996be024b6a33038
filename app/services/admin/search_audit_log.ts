/*
| The audit log search: most recent first, by patient, user, action, entity and dates,
| using the (patient_id, occurred_at), (user_id, occurred_at) and (occurred_at) indexes.
*/
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { searchKey } from '#services/patients/search_key'

export interface AuditFilters {
  patient?: string
  user?: string
  action?: string
  entity?: string
  from?: string
  to?: string
  page?: number
}

export const AUDIT_PAGE_SIZE = 50

export async function searchAuditLog(filters: AuditFilters) {
  const q = db.from('audit_logs').orderBy('occurred_at', 'desc').orderBy('id', 'desc')
  if (filters.patient) {
    const term = filters.patient.trim()
    if (/^\d+$/.test(term)) q.where('patient_id', Number(term))
    else {
      const ids = db.from('patients').select('id').where((w) => {
        w.where('fiscal_code', term.toUpperCase()).orWhere('last_name_search', 'like', `${searchKey(term)}%`)
      })
      q.whereIn('patient_id', ids)
    }
  }
  if (filters.user) {
    const users = db.from('users').select('id').where('username', filters.user.trim().toLowerCase())
    q.whereIn('user_id', users)
  }
  if (filters.action) q.where('action', filters.action)
  if (filters.entity) q.where('entity', filters.entity)
  const from = filters.from ? DateTime.fromISO(filters.from) : null
  const to = filters.to ? DateTime.fromISO(filters.to) : null
  if (from?.isValid) q.where('occurred_at', '>=', from.toSQL({ includeOffset: false })!)
  if (to?.isValid) q.where('occurred_at', '<', to.plus({ days: 1 }).toSQL({ includeOffset: false })!)
  const page = Math.max(1, filters.page ?? 1)
  const rows = await q.limit(AUDIT_PAGE_SIZE + 1).offset((page - 1) * AUDIT_PAGE_SIZE)
  return { rows: rows.slice(0, AUDIT_PAGE_SIZE), hasMore: rows.length > AUDIT_PAGE_SIZE, page }
}
