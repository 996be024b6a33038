/*
| "Stampa su ricetta rossa" (spec §8, red-prescription fallback): a validated or waiting
| dematerialised prescription (or one just prepared, validated here by the doctor) becomes a
| red DPCM prescription printed on the next sheet of the printer's pad, and its data
| transmission to the MEF is queued.
|
| The state change comes first and goes through applyTransition: it is the lock that keeps the
| demat sending job away (that job only takes VALIDATED and PENDING ones). Then the sheet is
| taken in a transaction with a conditional update on next_counter, so two prints never get
| the same sheet. Should the pad run out between the check and the take (another print took
| its last sheet), the prescription goes back to waiting, as a demat one, and nothing is printed.
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import Prescription from '../../models/prescription.js'
import { applyTransition } from '../transitions.js'
import { permission } from '../prescriber.js'
import { announce } from '../send_prescription.js'
import { formatCompiledAt } from '../../domain/compiled_at.js'
import { isExhausted, nextSheet, type RedSheetCode } from '../../domain/red_pad.js'
import { IllegalTransition, STATE_LABELS, type PrescriptionState } from '../../domain/state_machine.js'
import type { PrescriptionKind } from '../../domain/kinds.js'
import { padOf, type PadRow } from './red_pads.js'
import { queueRedSend } from './send_red.js'

export type PrintRedResult =
  | { status: 'printed'; code: RedSheetCode; padId: number; transmissionId: number; remaining: number }
  | { status: 'exhausted'; padId: number; printerName: string; message: string }
  | { status: 'no_pad'; message: string }
  | { status: 'forbidden'; message: string }
  | { status: 'refused'; message: string }

/** States from which the doctor may turn a prescription into a red one. */
export const PRINTABLE_STATES: PrescriptionState[] = ['DRAFT', 'AWAITING_VALIDATION', 'VALIDATED', 'PENDING', 'REJECTED']
const DEMAT_KINDS: PrescriptionKind[] = ['DEM_FARMACEUTICA', 'DEM_SPECIALISTICA']

export const EXHAUSTED_MESSAGE =
  'Le ricette del blocchetto sono finite: inserire il codice della prima ricetta del nuovo blocchetto. Non è stato stampato nulla.'

const now = () => DateTime.utc().toSQL({ includeOffset: false })

/** Why this prescription cannot be printed red, or null. */
export function notPrintable(prescription: Prescription): string | null {
  if (prescription.kind === 'ROSSA') {
    return prescription.redCode ? `La prescrizione è già stata stampata su ricetta rossa (${prescription.redCode}).` : 'La prescrizione è già una ricetta rossa.'
  }
  if (!DEMAT_KINDS.includes(prescription.kind)) return 'Solo una ricetta dematerializzata può essere stampata su ricetta rossa.'
  if (!PRINTABLE_STATES.includes(prescription.state)) {
    return `Una prescrizione nello stato «${STATE_LABELS[prescription.state]}» non può essere stampata su ricetta rossa.`
  }
  return null
}

export async function printRed(user: User, prescriptionId: number, padId: number): Promise<PrintRedResult> {
  const prescription = await Prescription.find(prescriptionId)
  if (!prescription) return { status: 'refused', message: 'Prescrizione non trovata.' }
  const may = await permission(user, 'validate', prescription.prescriberId)
  if (!may.allowed) return { status: 'forbidden', message: may.reason }
  const why = notPrintable(prescription)
  if (why) return { status: 'refused', message: why }

  const pad = (await db.from('red_pads').where('id', padId).where('active', true).first()) as PadRow | null
  if (!pad) return { status: 'no_pad', message: 'Nessun blocchetto attivo per la stampante scelta: registrare il blocchetto caricato.' }
  if (isExhausted(padOf(pad))) return exhausted(pad)

  const originalKind = prescription.kind
  const type = prescription.isDrug ? 'F' : 'P'
  const compiledAt = formatCompiledAt(DateTime.now())
  try {
    if (prescription.state === 'DRAFT' || prescription.state === 'AWAITING_VALIDATION') {
      const approved = await applyTransition({
        id: prescription.id,
        event: 'approve',
        actor: 'doctor',
        user,
        note: 'Validata per la stampa su ricetta rossa',
        changes: {
          validated_by_user_id: user.id,
          substitute_id: user.id !== prescription.prescriberId && user.role === 'sostituto' ? user.id : null,
          validated_at: now(),
        },
      })
      if (!approved.changed) return changedMeanwhile()
      prescription.state = 'VALIDATED'
    }
    const event = prescription.state === 'PENDING' ? 'retry' : prescription.state === 'REJECTED' ? 'print_red' : 'send'
    const moved = await applyTransition({
      id: prescription.id,
      event,
      actor: event === 'retry' ? 'system' : 'doctor',
      user,
      note: 'Stampa su ricetta rossa (DPCM)',
      changes: {
        kind: 'ROSSA',
        // The red sheet is a new document dated when printed; an NRE never used dies here.
        compiled_at: compiledAt,
        nre: null,
        sent_by_user_id: user.id,
        awaiting_print: false,
        messages: null,
        last_transport_error: null,
      },
    })
    if (!moved.changed) return changedMeanwhile()
  } catch (error) {
    if (error instanceof IllegalTransition) return { status: 'refused', message: error.message }
    throw error
  }

  const taken = await takeSheet(pad.id, prescription, type)
  if (taken.status !== 'printed') {
    // Only when another print took the last sheet in the meantime: back to waiting, demat again.
    await applyTransition({
      id: prescription.id,
      event: 'send_failed',
      actor: 'system',
      note: taken.message,
      changes: { kind: originalKind, last_transport_error: taken.message },
    })
    announce(prescription)
    return taken
  }
  await queueRedSend(taken.transmissionId, 0)
  announce(prescription)
  return taken
}

/** The sheet and the transmission row, in one transaction. */
async function takeSheet(padId: number, prescription: Prescription, type: 'F' | 'P'): Promise<PrintRedResult> {
  return db.transaction(async (trx) => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const read = trx.from('red_pads').where('id', padId)
      // MariaDB: lock the pad row so that a concurrent print waits instead of reading a stale counter.
      if (!trx.dialect.name.includes('sqlite')) read.forUpdate()
      const row = (await read.first()) as PadRow | null
      if (!row || !Number(row.active)) return { status: 'no_pad' as const, message: 'Il blocchetto è stato sostituito nel frattempo: riprovare.' }
      const sheet = nextSheet(padOf(row))
      if (sheet.status === 'exhausted') return exhausted(row)
      const updated = await trx
        .from('red_pads')
        .where('id', padId)
        .where('next_counter', row.next_counter)
        .where('active', true)
        .update({ next_counter: sheet.pad.nextCounter, updated_at: now() })
      if (Number(updated) !== 1) continue
      await trx.from('prescriptions').where('id', prescription.id).update({ red_code: sheet.code.code, updated_at: now() })
      const [transmissionId] = await trx.table('red_transmissions').insert({
        prescription_id: prescription.id,
        pad_id: padId,
        prescriber_id: prescription.prescriberId,
        bar1: sheet.code.bar1,
        bar2: sheet.code.bar2,
        prescription_type: type,
        status: 'queued',
        reason: 'In coda per la trasmissione al MEF.',
        attempts: 0,
        queued_at: now(),
        created_at: now(),
        updated_at: now(),
      })
      return { status: 'printed' as const, code: sheet.code, padId, transmissionId: Number(transmissionId), remaining: sheet.remaining }
    }
    return { status: 'refused' as const, message: 'Il blocchetto è molto conteso in questo momento: riprovare.' }
  })
}

function exhausted(pad: PadRow): PrintRedResult {
  return { status: 'exhausted', padId: pad.id, printerName: pad.printer_name, message: EXHAUSTED_MESSAGE }
}

function changedMeanwhile(): PrintRedResult {
  return { status: 'refused', message: 'La prescrizione è cambiata nel frattempo (forse è già in invio): aggiornare la pagina.' }
}
