/*
| "Verifica erogazione": asks the service what happened to a sent prescription and records it
| (statoProcesso 3 to dispense, 5 being dispensed, 8 dispensed, 4 cancelled; spec §8). Done on
| request from the state panel and by the nightly job for prescriptions still within validity.
*/
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import { activeDematPlugin } from '#services/demat/plugins'
import Prescription from '../models/prescription.js'
import { applyTransition } from './transitions.js'
import { doctorContext } from './credentials.js'
import { announce } from './send_prescription.js'
import type { PrescriptionEvent } from '../domain/state_machine.js'

export type DispensingResult = { ok: true; remoteStatus: string | null; state: string } | { ok: false; reason: string }

const EVENT_BY_STATUS: Record<string, PrescriptionEvent> = { '5': 'dispensing', '8': 'dispensed', '4': 'cancelled_remotely' }

export async function checkDispensing(id: number, user: User | null = null): Promise<DispensingResult> {
  const prescription = await Prescription.find(id)
  if (!prescription?.nre || !['ACCEPTED', 'DELIVERED', 'DISPENSING'].includes(prescription.state)) {
    return { ok: false, reason: 'Si può verificare solo una ricetta inviata e non ancora erogata.' }
  }
  const plugin = activeDematPlugin()
  if (!plugin) return { ok: false, reason: 'Nessun servizio regionale configurato: impossibile verificare.' }
  const ctx = await doctorContext(prescription.prescriberId, prescription.sentByUserId ?? prescription.prescriberId)
  const patient = await db.from('patients').where('id', prescription.patientId).select('fiscal_code').first()
  let outcome
  try {
    outcome = await plugin.view(prescription.nre, ctx, patient?.fiscal_code)
  } catch (error) {
    return { ok: false, reason: `Servizio non raggiungibile: ${(error as Error).message}` }
  }
  if (!outcome.found) return { ok: false, reason: outcome.messages.map((m) => m.text).join(' ') || 'Ricetta non trovata presso il servizio.' }
  const status = outcome.remoteStatus ?? null
  await db.from('prescriptions').where('id', id).update({ remote_status: status })
  const event = status ? EVENT_BY_STATUS[status] : undefined
  if (event && !(event === 'dispensing' && prescription.state === 'DISPENSING')) {
    await applyTransition({ id, event, actor: 'system', user, note: `statoProcesso ${status}` })
    announce(prescription)
  }
  const fresh = await Prescription.findOrFail(id)
  return { ok: true, remoteStatus: status, state: fresh.state }
}

/** The nightly pass: every sent prescription younger than its validity, not yet final. */
export async function checkDispensingOfRecent(days = 30) {
  const since = new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 19).replace('T', ' ')
  const rows = await db.from('prescriptions').whereIn('state', ['ACCEPTED', 'DELIVERED', 'DISPENSING']).whereNotNull('nre').where('created_at', '>=', since).select('id')
  let checked = 0
  for (const row of rows) if ((await checkDispensing(row.id)).ok) checked++
  return { checked, of: rows.length }
}
