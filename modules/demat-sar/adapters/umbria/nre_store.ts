/*
| The NREs of the lots the SAR granted to each doctor, persisted: a number is taken once, bound
| to one prescription, and its fate recorded (spec §4.4: an NRE is single use).
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { lotSize, nreFromLot } from './wire.js'

export type ReservationStatus = 'reserved' | 'sending' | 'sent' | 'rejected' | 'abandoned' | 'cancelled'

export interface Reservation {
  nre: string
  prescriptionId: number | null
  doctorFiscalCode: string
  status: ReservationStatus
}

const now = () => DateTime.utc().toSQL({ includeOffset: false })

const toReservation = (row: any): Reservation => ({
  nre: row.nre,
  prescriptionId: row.prescription_id,
  doctorFiscalCode: row.doctor_fiscal_code,
  status: row.status,
})

export class NreStore {
  async addLot(regionCode: string, doctorFiscalCode: string, prefix: string) {
    await db.table('sar_nre_lots').insert({
      region_code: regionCode,
      doctor_fiscal_code: doctorFiscalCode,
      prefix,
      size: lotSize(prefix),
      next_progressive: 0,
      created_at: now(),
    })
  }

  /** Takes the next free number of the doctor's lots and binds it; null when every lot is used up. */
  async reserveNext(regionCode: string, doctorFiscalCode: string, prescriptionId: number | null): Promise<string | null> {
    for (let tries = 0; tries < 20; tries++) {
      const lot = await db
        .from('sar_nre_lots')
        .where({ region_code: regionCode, doctor_fiscal_code: doctorFiscalCode })
        .whereNull('exhausted_at')
        .orderBy('id')
        .first()
      if (!lot) return null
      if (lot.next_progressive >= lot.size) {
        await db.from('sar_nre_lots').where('id', lot.id).update({ exhausted_at: now() })
        continue
      }
      // Compare-and-set on the counter: two senders never get the same number.
      const taken = await db
        .from('sar_nre_lots')
        .where({ id: lot.id, next_progressive: lot.next_progressive })
        .update({ next_progressive: lot.next_progressive + 1, ...(lot.next_progressive + 1 >= lot.size ? { exhausted_at: now() } : {}) })
      if (!(Array.isArray(taken) ? taken[0] : taken)) continue
      const nre = nreFromLot(lot.prefix, lot.next_progressive)
      await db.table('sar_nre_reservations').insert({
        nre,
        lot_id: lot.id,
        region_code: regionCode,
        doctor_fiscal_code: doctorFiscalCode,
        prescription_id: prescriptionId,
        status: 'reserved',
        created_at: now(),
        updated_at: now(),
      })
      return nre
    }
    throw new Error('Impossibile riservare un NRE: troppi tentativi concorrenti.')
  }

  /** The number bound to this prescription that is still open (not sent, not dead). */
  async openFor(prescriptionId: number): Promise<Reservation | null> {
    const row = await db
      .from('sar_nre_reservations')
      .where('prescription_id', prescriptionId)
      .whereIn('status', ['reserved', 'sending'])
      .orderBy('id', 'desc')
      .first()
    return row ? toReservation(row) : null
  }

  async lastSentFor(prescriptionId: number): Promise<Reservation | null> {
    const row = await db.from('sar_nre_reservations').where({ prescription_id: prescriptionId, status: 'sent' }).orderBy('id', 'desc').first()
    return row ? toReservation(row) : null
  }

  async find(nre: string): Promise<Reservation | null> {
    const row = await db.from('sar_nre_reservations').where('nre', nre).first()
    return row ? toReservation(row) : null
  }

  async mark(nre: string, status: ReservationStatus, note: string | null = null) {
    await db.from('sar_nre_reservations').where('nre', nre).update({ status, note: note?.slice(0, 300) ?? null, updated_at: now() })
  }

  /** An NRE given from outside (already bound to the prescription): recorded so it is not reused. */
  async adopt(nre: string, regionCode: string, doctorFiscalCode: string, prescriptionId: number | null) {
    await db.table('sar_nre_reservations').insert({
      nre,
      lot_id: null,
      region_code: regionCode,
      doctor_fiscal_code: doctorFiscalCode,
      prescription_id: prescriptionId,
      status: 'reserved',
      created_at: now(),
      updated_at: now(),
    })
  }
}
