/*
| Spec §8, for every service that speaks the SAC schema (Sogei, FVG): after an uncertain send,
| the doctor's used NREs with dataCompilazione ± 2 minutes are read back; a record with our
| compilation time whose copy has our patient, kind and items is ours, and is adopted instead
| of sending again. A cancelled copy is not one the patient can use.
*/
import type { DoctorContext, PrescriptionToSend, SendOutcome } from '#services/demat/region_plugin'
import type { UsedNreRecord, ViewAnswer } from './answers.js'
import { sendFields } from './envelopes.js'

export const RECONCILE_WINDOW_MS = 2 * 60_000

/** `YYYY-MM-DD HH:mm:ss` moved by `deltaMs`, calendar arithmetic only (no time zone). */
export function shiftLocal(compiledAt: string, deltaMs: number) {
  const [date, time] = compiledAt.split(' ')
  const [y, mo, d] = date.split('-').map(Number)
  const [h, mi, s] = time.split(':').map(Number)
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s) + deltaMs).toISOString().slice(0, 19).replace('T', ' ')
}

/** The used-NRE query of a reconcile: by NRE for lot regions, by kind and window otherwise. */
export function reconcileQuery(p: PrescriptionToSend) {
  return p.nre
    ? { nre: p.nre }
    : { kind: p.kind, from: shiftLocal(p.compiledAt, -RECONCILE_WINDOW_MS), to: shiftLocal(p.compiledAt, RECONCILE_WINDOW_MS) }
}

/** What the read-back must tell: both plugins' view answers have it. */
type CopyRead = Pick<ViewAnswer, 'outcomeCode' | 'remoteStatus' | 'header' | 'items' | 'authCode' | 'insertedAt'>

const accepted = (code: string) => code === '0000' || code === '0001'

/**
 * Reads back the candidates among `records` and returns the one that is ours as an accepted
 * outcome, or null. A read-back that fails is rethrown only when no candidate matched, so the
 * caller retries the reconcile instead of sending again.
 */
export async function adoptOwnCopy(
  p: PrescriptionToSend,
  ctx: DoctorContext,
  records: UsedNreRecord[],
  view: (nre: string) => Promise<CopyRead>
): Promise<SendOutcome | null> {
  const expected = sendFields(p, ctx, { pinCode: '', codiceAss: '' })
  let failure: unknown = null
  for (const record of records.filter((r) => r.nre && r.dataCompilazioneRicetta === p.compiledAt)) {
    let copy: CopyRead
    try {
      copy = await view(record.nre)
    } catch (error) {
      failure = error
      continue
    }
    if (!accepted(copy.outcomeCode) || copy.remoteStatus === '4') continue
    if (copy.header.cognNome && copy.header.cognNome !== expected.header.cognNome) continue
    if (copy.header.tipoPrescrizione && copy.header.tipoPrescrizione !== p.kind) continue
    const sameItems =
      copy.items.length === expected.items.length &&
      copy.items.every((item, i) => {
        const mine = expected.items[i]
        return item.codProdPrest === mine.codProdPrest && item.codGruppoEquival === mine.codGruppoEquival && Number(item.quantita) === Number(mine.quantita)
      })
    if (!sameItems) continue
    return { status: 'accepted', nre: record.nre, authCode: copy.authCode || record.codAutenticazione, insertedAt: copy.insertedAt || undefined, promemoriaPdf: null, regionalMessage: null, messages: [] }
  }
  if (failure) throw failure
  return null
}
