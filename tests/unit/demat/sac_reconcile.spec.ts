import { test } from '@japa/runner'
import { adoptOwnCopy, reconcileQuery, shiftLocal } from '#services/demat/sac_schema/reconcile'
import type { DoctorContext, PrescriptionToSend } from '#services/demat/region_plugin'

const ctx = { userId: 1, fiscalCode: 'RSSMRA80A01H501U', regionCode: '120', aslCode: '201', specializationCode: 'F', credentials: { username: 'u', password: 'p', pincode: '1234567890' } } as DoctorContext
const p = {
  localId: 1, kind: 'F', compiledAt: '2026-12-31 23:59:30', nre: null,
  patient: { fiscalCode: 'RSSMRA85T10A562S', lastName: 'Rossi', firstName: 'Mario' },
  tipoRic: null, obscured: false, exemptionCode: null, notExempt: true, incomeExempt: false, diagnosisCode: null, diagnosisText: null,
  priority: null, visitType: 'A', indication: null, items: [{ code: '036816015', description: 'AUGMENTIN', quantity: 1 }],
} as PrescriptionToSend
const record = (nre: string, at = p.compiledAt) => ({ nre, dataCompilazioneRicetta: at, codAutenticazione: 'A'.repeat(30) }) as any
const copy = (overrides: Record<string, unknown> = {}) => ({ outcomeCode: '0000', remoteStatus: '3', header: { cognNome: 'ROSSI MARIO' }, items: [{ codProdPrest: '036816015', codGruppoEquival: '', quantita: '1' }], authCode: 'B'.repeat(30), insertedAt: '', ...overrides }) as any

test.group('SAC-schema reconcile (spec §8)', () => {
  test('the window is dataCompilazione ± 2 minutes, across midnight and year; by NRE for lot regions', ({ assert }) => {
    assert.equal(shiftLocal('2026-12-31 23:59:30', 120_000), '2027-01-01 00:01:30')
    assert.deepEqual(reconcileQuery(p), { kind: 'F', from: '2026-12-31 23:57:30', to: '2027-01-01 00:01:30' })
    assert.deepEqual(reconcileQuery({ ...p, nre: '1000A0000000207' }), { nre: '1000A0000000207' })
  })

  test('adopts only a live copy with our compilation time, patient, kind and items', async ({ assert }) => {
    const copies: Record<string, any> = {
      '1200A0000000001': copy({ remoteStatus: '4' }),
      '1200A0000000002': copy({ header: { cognNome: 'BIANCHI LUCA' } }),
      '1200A0000000003': copy({ items: [{ codProdPrest: '036816015', codGruppoEquival: '', quantita: '2' }] }),
      '1200A0000000004': copy(),
    }
    const records = [record('1200A0000000009', '2026-12-31 23:59:31'), ...Object.keys(copies).map((nre) => record(nre))]
    const outcome = await adoptOwnCopy(p, ctx, records, async (nre) => copies[nre])
    assert.include(outcome!, { status: 'accepted', nre: '1200A0000000004', authCode: 'B'.repeat(30) })
    assert.isNull(await adoptOwnCopy(p, ctx, records.slice(0, 4), async (nre) => copies[nre]))
  })

  test('a failed read-back is rethrown only when no candidate was ours', async ({ assert }) => {
    const failing = async (nre: string) => {
      if (nre.endsWith('1')) throw new Error('timeout')
      return copy()
    }
    assert.equal((await adoptOwnCopy(p, ctx, [record('1200A0000000001'), record('1200A0000000002')], failing))?.nre, '1200A0000000002')
    await assert.rejects(() => adoptOwnCopy(p, ctx, [record('1200A0000000001')], failing), 'timeout')
  })
})
