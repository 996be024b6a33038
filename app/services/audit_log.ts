/*
| The append-only trail of who read or changed which patient's data, when and from where.
| Every controller action on patient data calls `audit(ctx, ...)`; the table refuses
| updates and deletes (database triggers).
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import type User from '#models/user'

export interface AuditEntry {
  action: string
  entity: string
  entityId?: string | number | null
  patientId?: number | null
  details?: Record<string, unknown> | null
}

export interface AuditActor {
  user?: User | null
  ip?: string | null
  method?: string | null
  url?: string | null
}

export async function recordAudit(actor: AuditActor, entry: AuditEntry) {
  await db.table('audit_logs').insert({
    occurred_at: DateTime.utc().toSQL({ includeOffset: false }),
    user_id: actor.user?.id ?? null,
    user_label: actor.user ? `${actor.user.username} (${actor.user.fullName})` : null,
    role: actor.user?.role ?? null,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
    patient_id: entry.patientId ?? null,
    ip: actor.ip ?? null,
    method: actor.method ?? null,
    url: actor.url ? actor.url.slice(0, 300) : null,
    details: entry.details ? JSON.stringify(entry.details) : null,
  })
}

/** Audit an action done in an HTTP request, by its signed-in user. */
export function audit(ctx: HttpContext, entry: AuditEntry) {
  return recordAudit(
    {
      user: ctx.auth.user ?? null,
      ip: ctx.request.ip(),
      method: ctx.request.method(),
      url: ctx.request.url(true),
    },
    entry
  )
}
