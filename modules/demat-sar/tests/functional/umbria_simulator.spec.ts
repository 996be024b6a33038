import { test } from '@japa/runner'
import studioModules from '#services/studio_modules'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { verifyJwt } from '../../adapters/umbria/jwt.js'
import { HEADER_TAGS } from '../../adapters/umbria/wire.js'
import { AUDIENCE, DOCTOR_CF, PATIENT_CF, doctor, prescription, umbriaRig } from '../support/umbria.js'

test.group('Umbria SAR against its simulator', (group) => {
  // Its tables exist only where the module runs: npm test runs this file again with STUDIO_REGION=umbria.
  group.tap((t) => t.skip(!studioModules.isEnabled('demat-sar'), 'demat-sar is loaded only for a SAR region (STUDIO_REGION)'))
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('send takes an NRE from a lot, view reads it back, cancel cancels it', async ({ assert, cleanup }) => {
    const rig = await umbriaRig()
    cleanup(() => rig.stop())
    const p = prescription()
    const outcome = await rig.plugin.send(p, doctor())
    assert.equal(outcome.status, 'accepted')
    assert.match(outcome.nre!, /^1000A0[0-9]{9}$/)
    assert.lengthOf(outcome.authCode!, 30)
    assert.equal(rig.simulator.stats.lots, 1)

    const sent = rig.simulator.received.find((r) => r.path.endsWith('dem-invio-prescritto'))!
    assert.deepEqual(Object.keys(sent.body), [...HEADER_TAGS, 'elencoDettagliPrescrizioni'])
    assert.equal(sent.body.codiceAss, PATIENT_CF)
    const auth = verifyJwt(String(sent.headers.authorization).slice(7), rig.keys.publicKey)
    const signature = verifyJwt(String(sent.headers['fse-jwt-signature']), rig.keys.publicKey)
    assert.equal(auth.header.alg, 'RS256')
    assert.equal(auth.payload.aud, AUDIENCE)
    assert.equal(auth.payload.sub.split('^')[0], DOCTOR_CF)
    assert.equal(signature.payload.person_id.split('^')[0], PATIENT_CF)
    assert.equal(signature.payload.action_id, 'CREATE')
    assert.notEqual(auth.payload.jti, signature.payload.jti)

    const view = await rig.plugin.view(outcome.nre!, doctor())
    assert.deepInclude(view, { found: true, remoteStatus: '3', authCode: outcome.authCode })
    const cancel = await rig.plugin.cancel(outcome.nre!, doctor())
    assert.equal(cancel.status, 'cancelled')
    assert.equal((await rig.plugin.view(outcome.nre!, doctor())).remoteStatus, '4')
    const again = await rig.plugin.cancel(outcome.nre!, doctor())
    assert.equal(again.status, 'refused')
    assert.equal(again.messages[0].code, '1120')
    const row = await db.from('sar_nre_reservations').where('nre', outcome.nre!).first()
    assert.equal(row.status, 'cancelled')
  })

  test('a dispensed prescription cannot be cancelled', async ({ assert, cleanup }) => {
    const rig = await umbriaRig()
    cleanup(() => rig.stop())
    const { nre } = await rig.plugin.send(prescription(), doctor())
    rig.simulator.markDispensed(nre!)
    assert.equal((await rig.plugin.view(nre!, doctor())).remoteStatus, '8')
    const cancel = await rig.plugin.cancel(nre!, doctor())
    assert.equal(cancel.status, 'refused')
    assert.equal(cancel.messages[0].code, '1120')
  })

  test('when a lot is used up the next NRE comes from a new lot', async ({ assert, cleanup }) => {
    const rig = await umbriaRig()
    cleanup(() => rig.stop())
    const first = await rig.plugin.send(prescription(), doctor())
    await db.from('sar_nre_lots').update({ next_progressive: 99 })
    const last = await rig.plugin.send(prescription(), doctor())
    const fresh = await rig.plugin.send(prescription(), doctor())
    assert.equal(last.nre!.slice(0, 13), first.nre!.slice(0, 13))
    assert.equal(last.nre!.slice(13), '99')
    assert.notEqual(fresh.nre!.slice(0, 13), first.nre!.slice(0, 13))
    assert.equal(fresh.nre!.slice(13), '00')
    assert.equal(rig.simulator.stats.lots, 2)
    assert.isNotNull((await db.from('sar_nre_lots').orderBy('id').first()).exhausted_at)
  })

  test('a rejection keeps the SAR messages and the NRE is not reused', async ({ assert, cleanup }) => {
    const rig = await umbriaRig()
    cleanup(() => rig.stop())
    // Right format, wrong check letter: only the SAR notices.
    const p = prescription({ patient: { fiscalCode: 'PNIMRA70A01H501X', lastName: 'Pinna', firstName: 'Mara' } })
    const outcome = await rig.plugin.send(p, doctor())
    assert.equal(outcome.status, 'rejected')
    assert.equal(outcome.messages[0].code, '1037')
    const rejectedNre = rig.simulator.received.find((r) => r.path.endsWith('dem-invio-prescritto'))!.body.nre
    assert.equal((await db.from('sar_nre_reservations').where('nre', rejectedNre).first()).status, 'rejected')
    const next = await rig.plugin.send({ ...p, patient: { ...p.patient, fiscalCode: PATIENT_CF } }, doctor())
    assert.equal(next.status, 'accepted')
    assert.notEqual(next.nre, rejectedNre)
  })

  test('tokens signed with another key are refused as a credentials problem', async ({ assert, cleanup }) => {
    const rig = await umbriaRig()
    cleanup(() => rig.stop())
    const other = await umbriaRig({}, {})
    cleanup(() => other.stop())
    // The other rig's plugin signs with its own key: point it at the first simulator.
    const { UmbriaPlugin } = await import('../../adapters/umbria/umbria_plugin.js')
    const { pluginConfig } = await import('../support/umbria.js')
    const intruder = new UmbriaPlugin(pluginConfig(rig.simulator.url, other.keys.privateKey))
    cleanup(() => intruder.close())
    const error = await intruder.send(prescription(), doctor()).catch((e) => e)
    assert.equal(intruder.classify(error), 'auth')
    assert.match(error.message, /firma del token non valida/)
  })

  test('lost response: the reserved NRE is found at the SAR and adopted, nothing sent twice', async ({ assert, cleanup }) => {
    const rig = await umbriaRig()
    cleanup(() => rig.stop())
    await rig.plugin.requestLot(doctor())
    rig.simulator.script.push('lost')
    const p = prescription()
    const outcome = await rig.plugin.send(p, doctor())
    assert.equal(outcome.status, 'accepted')
    const mine = rig.simulator.active().filter((r) => r.body.dataCompilazione === p.compiledAt)
    assert.lengthOf(mine, 1)
    assert.equal(mine[0].nre, outcome.nre)
    assert.equal(rig.simulator.stats.burned, 0)
    assert.equal(rig.simulator.received.filter((r) => r.path.endsWith('dem-invio-prescritto')).length, 1)
  })

  test('502 before registering: the NRE is cancelled and the prescription goes with a new one', async ({ assert, cleanup }) => {
    const rig = await umbriaRig()
    cleanup(() => rig.stop())
    await rig.plugin.requestLot(doctor())
    rig.simulator.script.push('502')
    const p = prescription()
    const outcome = await rig.plugin.send(p, doctor())
    assert.equal(outcome.status, 'accepted')
    const sends = rig.simulator.received.filter((r) => r.path.endsWith('dem-invio-prescritto'))
    assert.lengthOf(sends, 2)
    assert.notEqual(sends[0].body.nre, sends[1].body.nre)
    assert.isTrue(rig.simulator.burned.has(sends[0].body.nre))
    assert.equal(outcome.nre, sends[1].body.nre)
    assert.lengthOf(rig.simulator.active().filter((r) => r.body.dataCompilazione === p.compiledAt), 1)
    assert.equal((await db.from('sar_nre_reservations').where('nre', sends[0].body.nre).first()).status, 'abandoned')
  })

  test('timeout and the SAR still down: the prescription waits; reconcile later adopts its NRE', async ({ assert, cleanup }) => {
    const rig = await umbriaRig({ hangMs: 600 }, { timeoutMs: 200 })
    cleanup(() => rig.stop())
    await rig.plugin.requestLot(doctor())
    rig.simulator.script.push('lost-timeout', '504')
    const p = prescription()
    const error = await rig.plugin.send(p, doctor()).catch((e) => e)
    assert.equal(rig.plugin.classify(error), 'transport')
    assert.match(error.message, /esito incerto/)
    const adopted = await rig.plugin.reconcile(p, doctor())
    assert.equal(adopted?.status, 'accepted')
    const mine = rig.simulator.active().filter((r) => r.body.dataCompilazione === p.compiledAt)
    assert.lengthOf(mine, 1)
    assert.equal(mine[0].nre, adopted!.nre)
    assert.isNull(await rig.plugin.reconcile(prescription(), doctor()))
  })
})
