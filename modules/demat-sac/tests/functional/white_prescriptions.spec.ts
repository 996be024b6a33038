import { test } from '@japa/runner'
import { SacSoapFault } from '#services/demat/sac_schema/answers'
import type { SacDoctorContext, SacPlugin } from '../../services/sac_plugin.js'
import type { SacSimulator } from '../../services/simulator/sac_simulator.js'
import { OPERATIONS } from '../../services/soap/protocol.js'
import { readAnswer } from '../../services/soap/responses.js'
import { sacMessage } from '../../services/error_messages.js'
import { DOCTOR, doctorContext, PRESCRIBER, prescription, simulatorPlugin, startSimulator } from '../support.js'

let simulator: SacSimulator
let plugin: SacPlugin

const ctx = (credentials: Parameters<typeof doctorContext>[0] = {}): SacDoctorContext => ({ ...doctorContext(credentials), prescriber: PRESCRIBER })

test.group('White electronic prescription (NRBE) against the simulator', (group) => {
  group.setup(async () => {
    const started = await startSimulator()
    simulator = started.simulator
    plugin = simulatorPlugin(simulator)
    return async () => {
      await plugin.close()
      await started.stop()
    }
  })

  test('an accepted white prescription gets an NRBE, its PIN and the transaction protocol', async ({ assert }) => {
    const outcome = await plugin.sendWhite!(prescription(), ctx())
    assert.equal(outcome.status, 'accepted')
    assert.match(outcome.nrbe!, /^[A-Z][0-9]{11}$/)
    assert.match(outcome.pin!, /^[A-Z0-9]{5}$/)
    assert.isUndefined(outcome.nre)
    assert.match(outcome.authCode!, /^[0-9]{20}$/)
    assert.match(outcome.insertedAt!, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
    const stored = simulator.white.prescriptions.get(outcome.nrbe!)!
    assert.equal(stored.patientCode, 'RSSMRA85T10A562S')
    assert.equal(stored.pin, outcome.pin)
    assert.equal(stored.header.numIscrizAlbo, '12345')
    assert.equal(stored.header.indirMedico, 'Via Roma 1|00100|Roma|RM')
    assert.equal(stored.items[0].codProdPrest, '036816015')
    // Nothing went to the SAC's own prescriptions.
    assert.equal(simulator.prescriptions.size, 0)
  })

  test('view and cancel by NRBE go to the NRBE service; a second cancel is refused with 1120', async ({ assert }) => {
    const sent = await plugin.sendWhite!(prescription(), ctx())
    const view = await plugin.view(sent.nrbe!, ctx(), 'RSSMRA85T10A562S')
    assert.deepInclude(view, { found: true, remoteStatus: '3', authCode: sent.authCode })
    assert.equal((await plugin.cancel(sent.nrbe!, ctx())).status, 'cancelled')
    assert.equal((await plugin.view(sent.nrbe!, ctx())).remoteStatus, '4')
    const again = await plugin.cancel(sent.nrbe!, ctx())
    assert.equal(again.status, 'refused')
    assert.deepEqual(again.messages[0], { code: '1120', text: sacMessage('1120'), itemIndex: null, severity: 'blocking' })
  })

  test('another patient’s CF does not open it (5010); an unknown NRBE is not found (5005)', async ({ assert }) => {
    const sent = await plugin.sendWhite!(prescription(), ctx())
    const other = await plugin.view(sent.nrbe!, ctx(), 'PNIMRA70A01H501P')
    assert.isFalse(other.found)
    assert.equal(other.messages[0].code, '5010')
    const unknown = await plugin.view('Z00000000000', ctx())
    assert.isFalse(unknown.found)
    assert.equal(unknown.messages[0].code, '5005')
  })

  test('a dispensed white prescription cannot be cancelled', async ({ assert }) => {
    const sent = await plugin.sendWhite!(prescription(), ctx())
    const response = await fetch(`${simulator.url}/__simulator/status`, { method: 'POST', body: JSON.stringify({ nre: sent.nrbe, status: '8' }) })
    assert.equal(response.status, 200)
    assert.equal((await plugin.cancel(sent.nrbe!, ctx())).messages[0].code, '1120')
  })

  test('without the prescriber’s registration number, office and phone: rejected here, nothing sent', async ({ assert }) => {
    const requests = simulator.stats.requests
    const outcome = await plugin.sendWhite!(prescription(), doctorContext())
    assert.equal(outcome.status, 'rejected')
    assert.match(outcome.messages[0].text, /numero di iscrizione all’Albo, l’indirizzo e il telefono/)
    assert.equal(simulator.stats.requests, requests)
  })

  test('local checks: drugs only, quantity 1 to 99, a reason for non-substitutability', async ({ assert }) => {
    const service = await plugin.sendWhite!(prescription({ kind: 'P' }), ctx())
    assert.equal(service.messages[0].text, 'La ricetta bianca elettronica si usa solo per i farmaci.')
    const quantity = await plugin.sendWhite!(prescription({ items: [{ code: '036816015', description: 'AUGMENTIN', quantity: 0, notSubstitutable: true }] }), ctx())
    assert.deepEqual(
      quantity.messages.map((m) => m.text),
      ['Voce 1: la quantità deve essere da 1 a 99.', 'Voce 1: indicare la motivazione della non sostituibilità (da 1 a 4).']
    )
  })

  test('a quantity of 12 packs is a valid white prescription', async ({ assert }) => {
    const outcome = await plugin.sendWhite!(prescription({ items: [{ code: '036816015', description: 'AUGMENTIN', quantity: 12 }] }), ctx())
    assert.equal(outcome.status, 'accepted')
    assert.equal(simulator.white.prescriptions.get(outcome.nrbe!)!.items[0].quantita, '12')
  })

  test('a wrong pincode and a wrong password are credential failures', async ({ assert }) => {
    const wrongPin = await plugin.sendWhite!(prescription(), ctx({ pincode: '0000000000' })).catch((e) => e)
    assert.equal(plugin.classify(wrongPin), 'auth')
    assert.equal(wrongPin.code, '1002')
    const wrongPassword = await plugin.sendWhite!(prescription(), ctx({ password: 'sbagliata' })).catch((e) => e)
    assert.equal(plugin.classify(wrongPassword), 'auth')
  })

  test('the simulator refuses, like the XSD, a request without the prescriber’s phone', async ({ assert }) => {
    const op = OPERATIONS.invioBianca
    const body = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:inv="${op.requestNs}" xmlns:tip="${op.typesNs}"><soapenv:Body><inv:${op.requestRoot}>
<inv:pinCode>x</inv:pinCode><inv:cfMedico>${DOCTOR.fiscalCode}</inv:cfMedico><inv:codRegione>120</inv:codRegione><inv:codASLAo>201</inv:codASLAo><inv:codSpecializzazione>F</inv:codSpecializzazione>
<inv:numIscrizAlbo>1</inv:numIscrizAlbo><inv:indirMedico>a|b|c|RM</inv:indirMedico><inv:codicePaziente>x</inv:codicePaziente><inv:tipoPrescrizione>F</inv:tipoPrescrizione>
<inv:dataCompilazione>2026-09-30 16:05:07</inv:dataCompilazione><inv:dettaglioPrescrizioneRicettaBianca><tip:tdl>0</tip:tdl><tip:quantita>1</tip:quantita></inv:dettaglioPrescrizioneRicettaBianca>
</inv:${op.requestRoot}></soapenv:Body></soapenv:Envelope>`
    const response = await fetch(simulator.url + op.path, {
      method: 'POST',
      body,
      headers: { 'SOAPAction': `"${op.action}"`, 'Authorization': `Basic ${Buffer.from(`${DOCTOR.username}:${DOCTOR.password}`).toString('base64')}` },
    })
    assert.equal(response.status, 500)
    const error = await response.text().then((xml) => {
      try {
        readAnswer(xml, 'invioBianca')
      } catch (e) {
        return e as SacSoapFault
      }
    })
    assert.instanceOf(error, SacSoapFault)
    assert.include(error!.faultString, `One of '{"${op.requestNs}":telefMedico}' is expected`)
  })

  test('a lost answer is an uncertain outcome', async ({ assert }) => {
    simulator.faults = { dropRate: 1 }
    const outcome = await plugin.sendWhite!(prescription(), ctx())
    simulator.faults = {}
    assert.equal(outcome.status, 'uncertain')
  })

  test('without the NRBE service configured, the plugin does not offer it', async ({ assert }) => {
    const bare = simulatorPlugin(simulator, { whiteBaseUrl: null })
    assert.isUndefined(bare.sendWhite)
    const error = await bare.view('A12345678901', ctx()).catch((e) => e)
    assert.match(error.message, /ricetta bianca elettronica \(SAC_NRBE_URL\) non è configurato/)
    await bare.close()
  })
})
