import { test } from '@japa/runner'
import type { SacPlugin } from '../../services/sac_plugin.js'
import type { SacSimulator } from '../../services/simulator/sac_simulator.js'
import { buildSoapWithAttachment } from '../../services/soap/multipart.js'
import { dpcmUploadEnvelope, parseDpcmReceipt } from '../../services/soap/dpcm_message.js'
import { OPERATIONS } from '../../services/soap/protocol.js'
import { zipSingle } from '../../services/soap/zip.js'
import { sacMessage } from '../../services/error_messages.js'
import { DOCTOR, doctorContext, padSheet, redPrescription, simulatorPlugin, startSimulator } from '../support.js'

let simulator: SacSimulator
let plugin: SacPlugin
let sheet = 0

/** A new sheet of the pad each time: the MEF refuses a sheet sent twice. */
const nextSheet = () => padSheet(4711, sheet++)

function upload(parts: { envelope: string; zip?: Buffer }) {
  const op = OPERATIONS.dpcmInvio
  const related = parts.zip ? buildSoapWithAttachment(parts.envelope, { contentId: 'r.zip', contentType: 'application/zip', data: parts.zip }) : { contentType: 'text/xml;charset=UTF-8', body: Buffer.from(parts.envelope) }
  return fetch(simulator.url + op.path, {
    method: 'POST',
    body: related.body,
    headers: { 'Content-Type': related.contentType, 'SOAPAction': `"${op.action}"`, 'Authorization': `Basic ${Buffer.from(`${DOCTOR.username}:${DOCTOR.password}`).toString('base64')}` },
  })
}

test.group('Red prescription online (DPCM 26/03/2008) against the simulator', (group) => {
  group.setup(async () => {
    const started = await startSimulator()
    simulator = started.simulator
    plugin = simulatorPlugin(simulator)
    return async () => {
      await plugin.close()
      await started.stop()
    }
  })

  test('a sheet sent online is received with a protocol; the MEF’s checks then accept it', async ({ assert }) => {
    assert.isTrue(plugin.capabilities().supportsRedPrescriptionOnline)
    const data = redPrescription({ bar2: nextSheet() })
    const sent = await plugin.sendRed!(data, doctorContext())
    assert.deepEqual(sent, { status: 'received', protocol: sent.protocol, messages: [] })
    assert.match(sent.protocol!, /^[0-9]{17}$/)
    const stored = simulator.dpcm.transmissions.get(sent.protocol!)!
    assert.deepEqual(stored.sheets, [{ bar1: data.bar1, bar2: data.bar2, errors: [] }])
    assert.deepEqual(await plugin.checkRed!(sent.protocol!, doctorContext()), { status: 'accepted', protocol: sent.protocol, messages: [] })
  })

  test('until the MEF has checked the file, the verdict stays "received"', async ({ assert }) => {
    simulator.dpcm.processingMs = 60_000
    const sent = await plugin.sendRed!(redPrescription({ bar2: nextSheet() }), doctorContext())
    simulator.dpcm.processingMs = 0
    assert.equal((await plugin.checkRed!(sent.protocol!, doctorContext())).status, 'received')
    simulator.dpcm.transmissions.get(sent.protocol!)!.readyAt = 0
    assert.equal((await plugin.checkRed!(sent.protocol!, doctorContext())).status, 'accepted')
  })

  test('a sheet sent twice: the second transmission is discarded by the checks, with the reason', async ({ assert }) => {
    const data = redPrescription({ bar2: nextSheet() })
    await plugin.sendRed!(data, doctorContext())
    const again = await plugin.sendRed!(data, doctorContext())
    assert.equal(again.status, 'received')
    const verdict = await plugin.checkRed!(again.protocol!, doctorContext())
    assert.equal(verdict.status, 'rejected')
    assert.deepEqual(verdict.messages, [{ code: 'R003', text: 'RICETTA GIA TRASMESSA IN PRECEDENZA', itemIndex: null, severity: 'blocking' }])
  })

  test('a wrong pincode inside the file: received, then discarded with 1002; a query with it is a credential failure', async ({ assert }) => {
    const sent = await plugin.sendRed!(redPrescription({ bar2: nextSheet() }), doctorContext({ pincode: '0000000000' }))
    assert.equal(sent.status, 'received')
    const verdict = await plugin.checkRed!(sent.protocol!, doctorContext())
    assert.equal(verdict.status, 'rejected')
    assert.deepEqual(verdict.messages[0], { code: '1002', text: sacMessage('1002'), itemIndex: null, severity: 'blocking' })
    const query = await plugin.checkRed!(sent.protocol!, doctorContext({ pincode: '0000000000' })).catch((e) => e)
    assert.equal(plugin.classify(query), 'auth')
  })

  test('a wrong password is a credential failure; an unknown protocol a refused query', async ({ assert }) => {
    const wrong = await plugin.sendRed!(redPrescription({ bar2: nextSheet() }), doctorContext({ password: 'sbagliata' })).catch((e) => e)
    assert.equal(plugin.classify(wrong), 'auth')
    const unknown = await plugin.checkRed!('99999999999999999', doctorContext()).catch((e) => e)
    assert.equal(plugin.classify(unknown), 'rejected')
    assert.equal(unknown.message, 'PROTOCOLLO NON TROVATO PER L’UTENTE')
  })

  test('local checks before any call: the sheet’s codes, its region, the patient’s CF', async ({ assert }) => {
    const requests = simulator.stats.requests
    const outcome = await plugin.sendRed!(redPrescription({ bar1: '1902', bar2: '12345', patient: { fiscalCode: 'RSSMRA85T10A562T', lastName: 'Rossi', firstName: 'Mario' } }), doctorContext())
    assert.equal(outcome.status, 'rejected')
    assert.deepEqual(
      outcome.messages.map((m) => m.code),
      ['LOCALE', 'LOCALE', '1024']
    )
    const otherRegion = await plugin.sendRed!(redPrescription({ bar1: '01026' }), doctorContext())
    assert.equal(otherRegion.messages[0].text, 'Il ricettario è di un’altra regione (codice 010).')
    assert.equal(simulator.stats.requests, requests)
  })

  test('the service refuses an upload without attachment, and a file that breaks the schema', async ({ assert }) => {
    const bare = await upload({ envelope: dpcmUploadEnvelope('r.zip') })
    assert.equal(bare.status, 500)
    assert.include(await bare.text(), 'Allegato mancante')
    const broken = parseDpcmReceipt(await (await upload({ envelope: dpcmUploadEnvelope('r.zip'), zip: Buffer.from('not a zip') })).text())
    assert.equal(broken.outcomeCode, '001')
    const swapped = '<RicetteMIR><Testata><TipoInvio>RPS</TipoInvio><PinCode>x</PinCode><Testata1/><Testata2/></Testata><RicettaI/></RicetteMIR>'
    const invalid = parseDpcmReceipt(await (await upload({ envelope: dpcmUploadEnvelope('r.zip'), zip: zipSingle('r.xml', Buffer.from(swapped)) })).text())
    assert.equal(invalid.outcomeCode, '002')
    assert.include(invalid.description, "Invalid content was found starting with element 'TipoInvio'")
  })

  test('without the DPCM services configured, red prescriptions are not offered', async ({ assert }) => {
    const bare = simulatorPlugin(simulator, { dpcmBaseUrl: null })
    assert.isUndefined(bare.sendRed)
    assert.isUndefined(bare.checkRed)
    assert.isFalse(bare.capabilities().supportsRedPrescriptionOnline)
    await bare.close()
  })
})
