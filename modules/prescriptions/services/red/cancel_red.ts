/*
| Cancelling a red prescription. The paper sheet is void either way (the doctor destroys it);
| what happens to its data depends on how far the DPCM transmission went:
| - still in the queue (or in error): taken out of the queue, never sent, cancelled here;
| - being sent right now: refused, to be asked again once the answer is in;
| - at the MEF: withdrawn through the plugin's optional cancelRed() by the cancel job; without
|   it the prescription is cancelled at the studio and the note says the MEF was not told.
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import { activeDematPlugin } from '#services/demat/plugins'
import type Prescription from '../../models/prescription.js'
import { applyTransition } from '../transitions.js'
import { announce } from '../send_prescription.js'
import { doctorContext } from '../credentials.js'

export type RedCancelStart = { ok: true; remote: boolean } | { ok: false; reason: string }

const now = () => DateTime.utc().toSQL({ includeOffset: false })

/** The doctor's "Cancella" on a red prescription that has left the desk (SENDING or later). */
export async function cancelPrintedRed(user: User, prescription: Prescription, note: string | null): Promise<RedCancelStart | null> {
  const transmission = await db.from('red_transmissions').where('prescription_id', prescription.id).first()
  if (!transmission || transmission.status === 'sent') return null
  if (transmission.status === 'sending') return { ok: false, reason: 'I dati della ricetta rossa sono in trasmissione al MEF in questo momento: riprovi tra poco.' }
  if (transmission.status === 'cancelled') return { ok: false, reason: 'La ricetta rossa è già annullata.' }
  const withdrawn = await db
    .from('red_transmissions')
    .where('id', transmission.id)
    .whereIn('status', ['queued', 'error'])
    .update({ status: 'cancelled', reason: 'Ricetta annullata dal medico prima della trasmissione: i dati non sono stati inviati al MEF.', updated_at: now() })
  if (Number(withdrawn) !== 1) return { ok: false, reason: 'La trasmissione della ricetta rossa è cambiata nel frattempo: aggiorni la pagina.' }
  const moved = await applyTransition({
    id: prescription.id,
    event: 'cancel',
    actor: 'doctor',
    user,
    note: note ?? 'Ricetta rossa annullata prima della trasmissione al MEF',
    context: { redNotTransmitted: true },
    changes: { cancel_reason: note },
  })
  if (!moved.changed) return { ok: false, reason: 'La prescrizione è cambiata nel frattempo: aggiorni la pagina.' }
  announce(prescription, { outcome: 'cancelled' })
  return { ok: true, remote: false }
}

/** The cancel job for a red sheet already at the MEF. */
export async function withdrawRedAtService(prescription: Prescription): Promise<{ status: 'cancelled' | 'refused'; note: string }> {
  const transmission = await db.from('red_transmissions').where('prescription_id', prescription.id).first()
  const plugin = activeDematPlugin()
  if (!transmission || !plugin || typeof plugin.cancelRed !== 'function') {
    return {
      status: 'cancelled',
      note: `Ricetta rossa annullata allo studio (il foglio va distrutto). ${plugin ? `Il servizio regionale in uso (${plugin.id})` : 'Nessun servizio regionale configurato:'} non permette di ritirare i dati già trasmessi al MEF.`,
    }
  }
  const ctx = await doctorContext(prescription.prescriberId, prescription.sentByUserId ?? prescription.prescriberId)
  const outcome = await plugin.cancelRed({ bar1: transmission.bar1, bar2: transmission.bar2, protocol: transmission.protocol ?? null }, ctx)
  const text = outcome.messages.map((m) => `${m.code} ${m.text}`).join('; ')
  if (outcome.status === 'cancelled') {
    await db.from('red_transmissions').where('id', transmission.id).update({ status: 'cancelled', reason: 'Dati ritirati presso il servizio: ricetta annullata.', updated_at: now() })
    return { status: 'cancelled', note: 'Ricetta rossa annullata anche presso il servizio' }
  }
  return { status: 'refused', note: text || 'Il servizio non ha annullato la ricetta rossa.' }
}
