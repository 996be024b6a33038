import { test } from '@japa/runner'
import studioModules from '#services/studio_modules'
import { verifyJwt } from '../../adapters/umbria/jwt.js'
import { HEADER_TAGS, PATHS } from '../../adapters/umbria/wire.js'
import { DOCTOR_CF, PATIENT_CF, doctor, redPrescription, redSheet, umbriaRig } from '../support/umbria.js'

const redSends = (rig: Awaited<ReturnType<typeof umbriaRig>>) => rig.simulator.received.filter((r) => r.path === PATHS.redSend)

test.group('Umbria SAR red (DPCM) prescriptions against its simulator', (group) => {
  // Loaded only where the module runs: npm test runs this file again with STUDIO_REGION=umbria.
  group.tap((t) => t.skip(!studioModules.isEnabled('demat-sar'), 'demat-sar is loaded only for a SAR region (STUDIO_REGION)'))

  test('a red sheet is accepted with its code as protocol, signed as the doctor, and read back', async ({ assert, cleanup }) => {
    const rig = await umbriaRig()
    cleanup(() => rig.stop())
    const data = redPrescription()
    const outcome = await rig.plugin.sendRed(data, doctor())
    assert.deepEqual(outcome, { status: 'accepted', protocol: data.bar1 + data.bar2, messages: [] })

    const [sent] = redSends(rig)
    assert.deepEqual(Object.keys(sent.body), [...HEADER_TAGS, 'elencoDettagliPrescrizioni'])
    assert.equal(sent.body.nre, data.bar1 + data.bar2)
    assert.equal(sent.body.codiceAss, PATIENT_CF)
    const signature = verifyJwt(String(sent.headers['fse-jwt-signature']), rig.keys.publicKey)
    assert.equal(signature.payload.action_id, 'CREATE')
    assert.equal(signature.payload.sub.split('^')[0], DOCTOR_CF)
    assert.equal(signature.payload.person_id.split('^')[0], PATIENT_CF)
    assert.lengthOf(rig.simulator.red.get(outcome.protocol!)!.codAutenticazione, 30)
    // The demat side is untouched: no lot, no NRE.
    assert.equal(rig.simulator.stats.lots, 0)
    assert.equal(rig.simulator.registered.size, 0)

    assert.deepEqual(await rig.plugin.checkRed(outcome.protocol!, doctor()), { status: 'accepted', protocol: outcome.protocol, messages: [] })
    const view = rig.simulator.received.find((r) => r.path === PATHS.redView)!
    assert.deepEqual(view.body, { pinCode: '', nre: outcome.protocol, cfMedico: DOCTOR_CF })
  })

  test('a control digit that does not add up is accepted with a warning', async ({ assert, cleanup }) => {
    const rig = await umbriaRig()
    cleanup(() => rig.stop())
    const { bar2 } = redSheet(4_100_001, 7)
    const wrong = bar2.slice(0, 9) + String((Number(bar2[9]) + 1) % 10)
    const outcome = await rig.plugin.sendRed(redPrescription({ bar2: wrong }), doctor())
    assert.equal(outcome.status, 'accepted_with_warnings')
    assert.deepEqual(outcome.messages, [{ code: '1197', text: 'Cifra di controllo del codice della ricetta non coerente', itemIndex: null, severity: 'warning' }])
    assert.equal((await rig.plugin.checkRed(outcome.protocol!, doctor())).status, 'accepted_with_warnings')
  })

  test('the SAR rejects a pad dated after the prescription and a sheet already sent by someone else', async ({ assert, cleanup }) => {
    const rig = await umbriaRig()
    cleanup(() => rig.stop())
    const future = await rig.plugin.sendRed(redPrescription({ ...redSheet(4_200_000, 1, 27) }), doctor())
    assert.equal(future.status, 'rejected')
    assert.deepEqual(future.messages.map((m) => m.code), ['1011'])
    assert.equal(future.protocol, '100274200000017')

    const sheet = redSheet(4_200_000, 2)
    const other = doctor({ fiscalCode: 'BNCLRA85T50H501X' })
    assert.equal((await rig.plugin.sendRed(redPrescription(sheet), other)).status, 'accepted')
    const again = await rig.plugin.sendRed(redPrescription(sheet), doctor())
    assert.equal(again.status, 'rejected')
    assert.equal(again.messages[0].code, '1016')
    assert.equal(rig.simulator.stats.red, 1)
  })

  test('answer lost after the SAR took the sheet: its copy is found and adopted, sent once', async ({ assert, cleanup }) => {
    const rig = await umbriaRig()
    cleanup(() => rig.stop())
    rig.simulator.script.push('lost')
    const data = redPrescription()
    const outcome = await rig.plugin.sendRed(data, doctor())
    assert.deepEqual(outcome, { status: 'accepted', protocol: data.bar1 + data.bar2, messages: [] })
    assert.lengthOf(redSends(rig), 1)
    assert.equal(rig.simulator.stats.red, 1)
  })

  test('timeout and the SAR still down: a transport error; the next attempt adopts the copy instead of a duplicate', async ({ assert, cleanup }) => {
    const rig = await umbriaRig({ hangMs: 600 }, { timeoutMs: 200 })
    cleanup(() => rig.stop())
    rig.simulator.script.push('lost-timeout', '503')
    const data = redPrescription()
    const error = await rig.plugin.sendRed(data, doctor()).catch((e) => e)
    assert.equal(rig.plugin.classify(error), 'transport')
    assert.match(error.message, /esito incerto/)
    const retry = await rig.plugin.sendRed(data, doctor())
    assert.deepEqual(retry, { status: 'accepted', protocol: data.bar1 + data.bar2, messages: [] })
    assert.lengthOf(redSends(rig), 2)
    assert.equal(rig.simulator.stats.red, 1)
  })

  test('502 before the SAR took the sheet: nothing found, the send is tried again with the same code', async ({ assert, cleanup }) => {
    const rig = await umbriaRig()
    cleanup(() => rig.stop())
    rig.simulator.script.push('502')
    const data = redPrescription()
    const error = await rig.plugin.sendRed(data, doctor()).catch((e) => e)
    assert.equal(rig.plugin.classify(error), 'transport')
    assert.equal(rig.simulator.stats.red, 0)
    const retry = await rig.plugin.sendRed(data, doctor())
    assert.equal(retry.status, 'accepted')
    assert.deepEqual(redSends(rig).map((r) => r.body.nre), [data.bar1 + data.bar2, data.bar1 + data.bar2])
  })

  test('the verdict of a cancelled or unknown sheet is a rejection; a 503 on the check is a transport error', async ({ assert, cleanup }) => {
    const rig = await umbriaRig()
    cleanup(() => rig.stop())
    const data = redPrescription()
    const { protocol } = await rig.plugin.sendRed(data, doctor())
    // dpcm-annulla-prescritto through the plugin's cancelRed: the sheet's code goes where the NRE would.
    const cancelled = await rig.plugin.cancelRed({ bar1: data.bar1, bar2: data.bar2, protocol: protocol ?? null }, doctor())
    assert.equal(cancelled.status, 'cancelled')
    assert.equal(rig.simulator.stats.redCancelled, 1)
    const again = await rig.plugin.cancelRed({ bar1: data.bar1, bar2: data.bar2, protocol: protocol ?? null }, doctor())
    assert.equal(again.status, 'refused', 'a sheet cancelled once cannot be cancelled again')
    const verdict = await rig.plugin.checkRed(protocol!, doctor())
    assert.equal(verdict.status, 'rejected')
    assert.equal(verdict.messages.at(-1)!.code, 'SAR-ANNULLATA')

    const unknown = await rig.plugin.checkRed('100269999999000', doctor())
    assert.equal(unknown.status, 'rejected')
    assert.equal(unknown.messages[0].code, '5005')

    rig.simulator.script.push('503')
    const error = await rig.plugin.checkRed(protocol!, doctor()).catch((e) => e)
    assert.equal(rig.plugin.classify(error), 'transport')
  })

  test('tokens signed with another key: the red send is a credentials problem, nothing taken', async ({ assert, cleanup }) => {
    const rig = await umbriaRig()
    cleanup(() => rig.stop())
    const other = await umbriaRig()
    cleanup(() => other.stop())
    const { UmbriaPlugin } = await import('../../adapters/umbria/umbria_plugin.js')
    const { pluginConfig } = await import('../support/umbria.js')
    const intruder = new UmbriaPlugin(pluginConfig(rig.simulator.url, other.keys.privateKey))
    cleanup(() => intruder.close())
    const error = await intruder.sendRed(redPrescription(), doctor()).catch((e) => e)
    assert.equal(intruder.classify(error), 'auth')
    assert.equal(rig.simulator.stats.red, 0)
  })
})
