import { test } from '@japa/runner'
import { HEADER_TAGS, ITEM_TAGS, invioPrescritto, nreFromLot, sendOutcomeOf, severity } from '../../adapters/umbria/wire.js'
import { signJwt, verifyJwt } from '../../adapters/umbria/jwt.js'
import { UmbriaPlugin } from '../../adapters/umbria/umbria_plugin.js'
import { UmbriaNotConfigured } from '../../adapters/umbria/config.js'
import { cfCheck } from '../../services/simulator/umbria_simulator.js'
import { DOCTOR_CF, PATIENT_CF, doctor, prescription, signingKeys } from '../support/umbria.js'

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
})
