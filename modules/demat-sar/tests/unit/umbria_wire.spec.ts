import { test } from '@japa/runner'
import {
  HEADER_TAGS,
  ITEM_TAGS,
  PATHS,
  dpcmInvioPrescritto,
  interrogaNreUtilizzati,
  invioPrescritto,
  nreFromLot,
  redOutcomeOf,
  sendOutcomeOf,
  severity,
} from '../../adapters/umbria/wire.js'
import { signJwt, verifyJwt } from '../../adapters/umbria/jwt.js'
import { UmbriaPlugin } from '../../adapters/umbria/umbria_plugin.js'
import { UmbriaNotConfigured } from '../../adapters/umbria/config.js'
import { cfCheck } from '../../services/simulator/umbria_simulator.js'
import { SarSchemaError } from '../../adapters/umbria/client.js'
import { DOCTOR_CF, PATIENT_CF, doctor, prescription, redPrescription, redSheet, signingKeys } from '../support/umbria.js'

test.group('Umbria SAR wire format', () => {
  test('the send body has every SAC header tag in order, the patient CF in clear and the lot NRE', ({ assert }) => {
    const body = invioPrescritto(prescription({ priority: 'B' }), doctor(), '1000A0000000207')
    assert.deepEqual(Object.keys(body), [...HEADER_TAGS, 'elencoDettagliPrescrizioni'])
    assert.equal(body.codiceAss, PATIENT_CF)
    assert.equal(body.cfMedico1, DOCTOR_CF)
    assert.isNull(body.cfMedico2)
    assert.equal(body.nre, '1000A0000000207')
    assert.equal(body.tipoPrescrizione, 'F')
    assert.equal(body.nonEsente, '1')
    assert.equal(body.pinCode, '')
    assert.equal(body.cognNome, 'PINNA MARA')
    const item = (body.elencoDettagliPrescrizioni as any).dettaglioPrescrizione[0]
    assert.deepEqual(Object.keys(item), [...ITEM_TAGS])
    assert.strictEqual(item.quantita, '2')
  })

  test('NRE from lots and severity follow the spec vectors', ({ assert }) => {
    assert.equal(nreFromLot('1000A00000002', 7), '1000A0000000207')
    assert.equal(nreFromLot('1000A1000001', 123), '1000A1000001123')
    assert.equal(severity('Bloccante'), 'blocking')
    assert.equal(severity('Avviso'), 'warning')
    assert.equal(severity('??'), 'blocking')
    assert.equal(cfCheck('RSSMRA85T10A562'), 'S')
    assert.equal(cfCheck('PNIMRA70A01H501'), 'P')
  })

  test('a 9999 answer is a rejection with the SAR messages, a 0000 an acceptance', ({ assert }) => {
    const rejected = sendOutcomeOf({ codEsitoInserimento: '9999', elencoErroriRicette: { erroreRicetta: [{ codEsito: '1037', esito: 'CF non valido', progPresc: '0', tipoErrore: 'Bloccante' }] } })
    assert.equal(rejected.status, 'rejected')
    assert.deepEqual(rejected.messages[0], { code: '1037', text: 'CF non valido', itemIndex: null, severity: 'blocking' })
    const accepted = sendOutcomeOf({ codEsitoInserimento: '0000', nre: '1000A0000000207', codAutenticazione: '1', elencoComunicazioni: { comunicazione: [{ codice: '0197', messaggio: 'Frase regionale' }] } })
    assert.equal(accepted.status, 'accepted')
    assert.equal(accepted.regionalMessage, 'Frase regionale')
  })

  test('RS256 tokens verify with the public key and fail with another', ({ assert }) => {
    const a = signingKeys()
    const b = signingKeys()
    const token = signJwt({ sub: 'X', iat: Math.floor(Date.now() / 1000) }, a.privateKey)
    assert.equal(verifyJwt(token, a.publicKey).payload.sub, 'X')
    assert.throws(() => verifyJwt(token, b.publicKey), 'firma del token non valida')
  })

  test('regional checks stop a prescription before any call', ({ assert }) => {
    const plugin = new UmbriaPlugin(new UmbriaNotConfigured('non configurato'))
    assert.deepEqual(plugin.validate(prescription()), [])
    const bad = plugin.validate(prescription({ patient: { fiscalCode: 'XYZ', lastName: 'A', firstName: 'B' }, items: [{ code: null, description: null, quantity: 12 }] }))
    assert.sameMembers(bad.map((m) => m.code), ['1037', 'SAR-QTA', 'SAR-VOCE'])
    assert.equal(plugin.capabilities().assignsNre, 'lot')
  })

  test('the red sheet goes to dpcm-invio-prescritto in the demat body, its code Bar1 + Bar2 in nre', ({ assert }) => {
    assert.equal(PATHS.redSend, '/v1/servizi-prescrittore/dpcm-invio-prescritto')
    assert.equal(PATHS.redView, '/v1/servizi-prescrittore/dpcm-visualizza-prescritto')
    const data = redPrescription({ ...redSheet(1234567, 5), exemptionCode: '013', notExempt: false })
    const body = dpcmInvioPrescritto(data, doctor())
    // The OpenAPI gives the DPCM send the InvioPrescrittoRichiesta schema: no Bar1/Bar2 fields.
    assert.deepEqual(Object.keys(body), [...HEADER_TAGS, 'elencoDettagliPrescrizioni'])
    assert.equal(body.nre, '100261234567053')
    assert.equal(body.nre, data.bar1 + data.bar2)
    assert.notProperty(body, 'bar1')
    assert.notProperty(body, 'Bar1')
    assert.equal(body.codiceAss, PATIENT_CF)
    assert.equal(body.cfMedico1, DOCTOR_CF)
    assert.equal(body.codEsenzione, '013')
    assert.isNull(body.nonEsente)
    assert.equal(body.dataCompilazione, data.compiledAt)
    for (const [key, value] of Object.entries(body)) {
      if (key !== 'elencoDettagliPrescrizioni') assert.isTrue(value === null || typeof value === 'string', `${key} must be a string or null`)
    }
    const item = (body.elencoDettagliPrescrizioni as any).dettaglioPrescrizione[0]
    assert.deepEqual(Object.keys(item), [...ITEM_TAGS])
    assert.strictEqual(item.quantita, '2')
  })

  test('the used-NRE query has the OpenAPI fields in order, a date range with tipoPrescr, the signer as cfMedico', ({ assert }) => {
    const range = { from: '2026-09-30 00:00:00', to: '2026-09-30 23:59:59', kind: 'F' as const }
    const body = interrogaNreUtilizzati(doctor(), range)
    assert.equal(PATHS.usedNre, '/v1/servizi-prescrittore/dem-nre-utilizzati')
    assert.deepEqual(Object.keys(body), ['pinCode', 'codRegione', 'nre', 'codLotto', 'cfMedico', 'cfAssistito', 'tipoPrescr', 'dataCompilazioneRicettaDal', 'dataCompilazioneRicettaAl'])
    assert.deepInclude(body, { pinCode: '', codRegione: '100', cfMedico: DOCTOR_CF, tipoPrescr: 'F', dataCompilazioneRicettaDal: range.from, dataCompilazioneRicettaAl: range.to })
    assert.equal(interrogaNreUtilizzati(doctor({ substituteFiscalCode: 'BNCLRA85T50H501X' }), range).cfMedico, 'BNCLRA85T50H501X')
  })

  test('a DPCM answer: 0000 accepted, 0001 with warnings, 9999 rejected, the sheet code as protocol; no code, no outcome', ({ assert }) => {
    const code = '100261234567053'
    assert.deepEqual(redOutcomeOf({ nre: code, codEsitoInserimento: '0000', codAutenticazione: '1' }, code), { status: 'accepted', protocol: code, messages: [] })
    const warned = redOutcomeOf({ nre: code, codEsitoInserimento: '0001', elencoErroriRicette: { erroreRicetta: [{ codEsito: '1197', esito: 'Cifra di controllo', progPresc: '0', tipoErrore: 'Avviso' }] } }, code)!
    assert.equal(warned.status, 'accepted_with_warnings')
    assert.equal(warned.messages[0].severity, 'warning')
    const rejected = redOutcomeOf({ nre: code, codEsitoInserimento: '9999', elencoErroriRicette: { erroreRicetta: [{ codEsito: '1009', esito: 'Regione', progPresc: '0', tipoErrore: 'Bloccante' }] } }, code)!
    assert.equal(rejected.status, 'rejected')
    assert.equal(rejected.protocol, code)
    assert.equal(rejected.messages[0].code, '1009')
    assert.isNull(redOutcomeOf({}, code))
    assert.isNull(redOutcomeOf(null, code))
  })

  test('a red sheet with malformed codes or of another region is refused before any call', async ({ assert }) => {
    const plugin = new UmbriaPlugin(new UmbriaNotConfigured('non configurato'))
    assert.isTrue(plugin.capabilities().supportsRedPrescriptionOnline)
    const shortBar2 = await plugin.sendRed(redPrescription({ bar2: '12345' }), doctor())
    assert.equal(shortBar2.status, 'rejected')
    assert.isNull(shortBar2.protocol)
    assert.deepEqual(shortBar2.messages.map((m) => m.code), ['SAR-ROSSA'])
    const otherRegion = await plugin.sendRed(redPrescription({ bar1: '13026' }), doctor())
    assert.deepEqual(otherRegion.messages.map((m) => m.code), ['1009'])
    const badPatient = await plugin.sendRed(redPrescription({ patient: { fiscalCode: 'XYZ', lastName: 'A', firstName: 'B' } }), doctor())
    assert.deepEqual(badPatient.messages.map((m) => m.code), ['1037'])
    await assert.rejects(() => plugin.checkRed('2026000123', doctor()), SarSchemaError as any)
  })

  test('without its settings the credentials test says why, in Italian', async ({ assert }) => {
    const plugin = new UmbriaPlugin(new UmbriaNotConfigured('Servizio SAR Umbria non configurato.'))
    assert.deepEqual(await plugin.testCredentials(doctor()), { ok: false, message: 'Servizio SAR Umbria non configurato.', messages: [] })
  })
})
