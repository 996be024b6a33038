/*
| The MEF's verdict on red transmissions that were only protocolled ("File in attesa di
| elaborazione"): asked through the region plugin's optional checkRed() every two hours and
| from the summary page. An accepted file closes the row; a discarded one becomes an error
| with the MEF's messages, shown to the staff like a refusal at sending. Without checkRed the
| rows stay as they are and the page says why: nothing is assumed.
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { activeDematPlugin } from '#services/demat/plugins'
import { announce } from '../send_prescription.js'
import { doctorContext, MissingCredentials } from '../credentials.js'

export interface RedCheckReport {
  supported: boolean
  checked: number
  accepted: number
  rejected: number
  stillWaiting: number
  notReached: number
}

const BATCH = 200
const now = () => DateTime.utc().toSQL({ includeOffset: false })

export async function checkRedVerdicts(): Promise<RedCheckReport> {
  const report: RedCheckReport = { supported: false, checked: 0, accepted: 0, rejected: 0, stillWaiting: 0, notReached: 0 }
  const plugin = activeDematPlugin()
  if (!plugin || typeof plugin.checkRed !== 'function') return report
  report.supported = true
  const rows = await db
    .from('red_transmissions as r')
    .join('prescriptions as p', 'p.id', 'r.prescription_id')
    .where('r.status', 'sent')
    .where('r.outcome', 'received')
    .whereNotNull('r.protocol')
    .orderBy('r.sent_at')
    .limit(BATCH)
    .select('r.id', 'r.protocol', 'r.prescription_id', 'p.prescriber_id', 'p.prepared_by_user_id', 'p.substitute_id', 'p.sent_by_user_id', 'p.validated_by_user_id')
  for (const row of rows) {
    report.checked++
    let outcome
    try {
      const signer = row.substitute_id ?? row.sent_by_user_id ?? row.validated_by_user_id ?? row.prescriber_id
      outcome = await plugin.checkRed(row.protocol, await doctorContext(row.prescriber_id, signer))
    } catch (error) {
      // Credentials missing or the service down: asked again at the next round.
      if (!(error instanceof MissingCredentials) && plugin.classify(error) === 'unknown') throw error
      report.notReached++
      continue
    }
    const messages = outcome.messages.map((m) => ({ code: m.code, text: m.text, itemIndex: m.itemIndex ?? null, severity: m.severity }))
    if (outcome.status === 'received') {
      report.stillWaiting++
      continue
    }
    const prescription = { id: Number(row.prescription_id), prescriberId: Number(row.prescriber_id), preparedByUserId: Number(row.prepared_by_user_id) }
    if (outcome.status === 'rejected') {
      const text = messages.map((m) => `${m.code} ${m.text}`).join('; ')
      const reason = `Scartata dal MEF dopo il controllo (protocollo ${row.protocol}): ${text}`.slice(0, 500)
      await db.from('red_transmissions').where('id', row.id).where('status', 'sent').update({ status: 'error', outcome: 'rejected', errors: JSON.stringify(messages), reason, updated_at: now() })
      await db.from('prescriptions').where('id', prescription.id).update({ messages: JSON.stringify(messages), last_transport_error: reason, updated_at: now() })
      report.rejected++
    } else {
      await db.from('red_transmissions').where('id', row.id).where('status', 'sent').update({ outcome: outcome.status, errors: messages.length ? JSON.stringify(messages) : null, updated_at: now() })
      report.accepted++
    }
    announce(prescription)
  }
  return report
}
