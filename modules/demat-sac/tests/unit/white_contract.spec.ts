import { test } from '@japa/runner'
import { SOAP_ENV } from '#services/demat/sac_schema/protocol'
import { parseXmlRaw, type XmlNode } from '#services/demat/sac_schema/xml'
import { officeAddress, officePhone, whiteCancelEnvelope, whiteSendEnvelope, whiteSendFields, whiteViewEnvelope } from '../../services/soap/white_envelopes.js'
import { parseWhiteCancelAnswer, parseWhiteSendAnswer, parseWhiteViewAnswer } from '../../services/soap/white_responses.js'
import { OPERATIONS, WHITE_ITEM_TAG, WHITE_SEND_REQUIRED, WHITE_SEND_TAGS } from '../../services/soap/protocol.js'
import { sacMessage } from '../../services/error_messages.js'
import { doctorContext, PRESCRIBER, prescription } from '../support.js'

function bodyRoot(xml: string, root: string) {
  const raw = parseXmlRaw(xml)
  const envelope = raw['soapenv:Envelope'] as XmlNode
  const body = envelope['soapenv:Body'] as XmlNode
  return { envelope, node: body[root] as XmlNode }
}

const childTags = (node: XmlNode, prefix: string) =>
  Object.keys(node)
    .filter((k) => !k.startsWith('@_'))
    .map((k) => {
      if (!k.startsWith(`${prefix}:`)) throw new Error(`tag ${k} not in prefix ${prefix}`)
      return k.slice(prefix.length + 1)
    })

const ENCRYPTED = { pinCode: 'PIN', codicePaziente: 'CF' }

test.group('NRBE request envelopes (spec §6.8)', () => {
  test('demInvioPrescrittoRicettaBianca: header in order, required tags always, empty optional tags left out', ({ assert }) => {
    const xml = whiteSendEnvelope(whiteSendFields(prescription({ diagnosisCode: null }), doctorContext(), PRESCRIBER, ENCRYPTED))
    const op = OPERATIONS.invioBianca
    const { envelope, node } = bodyRoot(xml, 'inv:InvioPrescrittoRicettaBiancaRichiesta')
    assert.equal(envelope['@_xmlns:soapenv'], SOAP_ENV)
    assert.equal(envelope['@_xmlns:inv'], op.requestNs)
    assert.equal(envelope['@_xmlns:tip'], op.typesNs)
    const tags = childTags(node, 'inv')
    // Structure code, patient address and diagnosis code are empty here: not written.
    assert.deepEqual(tags, [...WHITE_SEND_TAGS.filter((t) => !['codStruttura', 'indirizzo', 'codDiagnosi'].includes(t)), WHITE_ITEM_TAG])
    for (const tag of WHITE_SEND_REQUIRED) assert.include(tags, tag)
    assert.equal(node['inv:numIscrizAlbo'], '12345')
    assert.equal(node['inv:indirMedico'], 'Via Roma 1|00100|Roma|RM')
    assert.equal(node['inv:telefMedico'], '+39|0612345678')
    assert.equal(node['inv:codicePaziente'], 'CF')
    assert.equal(node['inv:tipoPrescrizione'], 'F')
    assert.equal(node['inv:dataCompilazione'], '2026-09-30 16:05:07')
    assert.equal(node['inv:cognNome'], 'ROSSI MARIO')
  })

  test('items: request-namespace element, children in the types namespace, tdl and quantity always', ({ assert }) => {
    const p = prescription({
      items: [
        { code: '036816015', description: 'AUGMENTIN', quantity: 2, notSubstitutable: true, notSubstitutableReason: '2', notes: 'Dopo i pasti' },
        { code: null, description: null, equivalenceGroup: { code: 'G3B', description: 'LEVETIRACETAM' }, quantity: 12 },
      ],
    })
    const { node } = bodyRoot(whiteSendEnvelope(whiteSendFields(p, doctorContext(), PRESCRIBER, ENCRYPTED)), 'inv:InvioPrescrittoRicettaBiancaRichiesta')
    const items = node[`inv:${WHITE_ITEM_TAG}`] as XmlNode[]
    assert.lengthOf(items, 2)
    assert.deepEqual(childTags(items[0], 'tip'), ['codProdPrest', 'descrProdPrest', 'nonSost', 'codMotivazNonSost', 'tdl', 'descrTestoLiberoNote', 'quantita'])
    assert.deepEqual(childTags(items[1], 'tip'), ['codGruppoEquival', 'descrGruppoEquival', 'tdl', 'quantita'])
    assert.equal(items[0]['tip:codMotivazNonSost'], '2')
    assert.equal(items[0]['tip:tdl'], '0')
    assert.equal(items[1]['tip:quantita'], '12')
  })

  test('a substitute signs in his own name', ({ assert }) => {
    const ctx = { ...doctorContext(), substituteFiscalCode: 'PNIMRA70A01H501P' }
    const { node } = bodyRoot(whiteSendEnvelope(whiteSendFields(prescription(), ctx, PRESCRIBER, ENCRYPTED)), 'inv:InvioPrescrittoRicettaBiancaRichiesta')
    assert.equal(node['inv:cfMedico'], 'PNIMRA70A01H501P')
  })

  test('visualizza and annulla: pinCode, codicePaziente, nrbe, cfMedico; no patient CF, no tag', ({ assert }) => {
    for (const [operation, build] of [
      ['visualizzaBianca', whiteViewEnvelope],
      ['annullaBianca', whiteCancelEnvelope],
    ] as const) {
      const op = OPERATIONS[operation]
      const root = `${op.prefix}:${op.requestRoot}`
      const withPatient = bodyRoot(build({ pinCode: 'P', codicePaziente: 'C', nrbe: 'A12345678901', cfMedico: 'RSSMRA80A01H501U' }), root)
      assert.equal(withPatient.envelope[`@_xmlns:${op.prefix}`], op.requestNs)
      assert.deepEqual(childTags(withPatient.node, op.prefix), ['pinCode', 'codicePaziente', 'nrbe', 'cfMedico'])
      const without = bodyRoot(build({ pinCode: 'P', codicePaziente: '', nrbe: 'A12345678901', cfMedico: 'RSSMRA80A01H501U' }), root)
      assert.deepEqual(childTags(without.node, op.prefix), ['pinCode', 'nrbe', 'cfMedico'])
    }
  })

  test('office address and phone in the service’s piped format', ({ assert }) => {
    assert.equal(officeAddress({ street: 'Via del Corso, 1', postalCode: '00186', city: 'Roma', province: 'rm' }), 'Via del Corso, 1|00186|Roma|RM')
    assert.equal(officePhone('06 1234 5678'), '+39|0612345678')
    assert.equal(officePhone('+41 22 123 45 67'), '+41|221234567')
  })
})

const SEND_OK = `<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
<ns2:InvioPrescrittoRicettaBiancaRicevuta xmlns:ns2="http://invioprescrittoricettabiancaricevuta.xsd.dem.sanita.finanze.it" xmlns:ns3="http://tipodatiinvioprescrittoricettabianca.xsd.dem.sanita.finanze.it">
<ns2:nrbe>K12345678901</ns2:nrbe><ns2:pinNrbe>7QX2B</ns2:pinNrbe><ns2:protocolloTransazione>20260930160512000123</ns2:protocolloTransazione>
<ns2:dataInserimento>2026-09-30 16:05:12</ns2:dataInserimento><ns2:nomeMedico>MARIO</ns2:nomeMedico><ns2:cognomeMedico>ROSSI</ns2:cognomeMedico>
<ns2:codEsitoInserimento>0001</ns2:codEsitoInserimento>
<ns2:elencoErroriRicette><ns3:erroreRicetta><codEsito>1024</codEsito><esito>CF ERRATO</esito><identificativoProdPrest>0</identificativoProdPrest><tipoErrore>Avviso</tipoErrore></ns3:erroreRicetta></ns2:elencoErroriRicette>
<ns2:elencoComunicazioni><ns3:comunicazione><codice>0100</codice><messaggio>NESSUNA</messaggio></ns3:comunicazione></ns2:elencoComunicazioni>
<ns2:flagPromemoria>1</ns2:flagPromemoria><ns2:pdfPromemoria>JVBERi0=</ns2:pdfPromemoria>
</ns2:InvioPrescrittoRicettaBiancaRicevuta></soap:Body></soap:Envelope>`

test.group('NRBE answers (spec §6.8)', () => {
  test('an accepted white prescription gives NRBE, PIN, protocol, PDF and warnings', ({ assert }) => {
    const answer = parseWhiteSendAnswer(SEND_OK, 1)
    assert.equal(answer.outcomeCode, '0001')
    assert.match(answer.nrbe, /^[A-Z][0-9]{11}$/)
    assert.match(answer.pin, /^[A-Z0-9]{5}$/)
    assert.equal(answer.protocol, '20260930160512000123')
    assert.equal(answer.insertedAt, '2026-09-30 16:05:12')
    assert.equal(answer.promemoriaPdf, 'JVBERi0=')
    assert.deepEqual(answer.messages, [{ code: '1024', text: sacMessage('1024'), itemIndex: null, severity: 'warning' }])
    assert.deepEqual(answer.communications, [{ code: '0100', message: 'NESSUNA' }])
  })

  test('errors keep their item; read-back and cancel are read', ({ assert }) => {
    const rejected = parseWhiteSendAnswer(
      `<e:Envelope xmlns:e="${SOAP_ENV}"><e:Body><r:InvioPrescrittoRicettaBiancaRicevuta xmlns:r="${OPERATIONS.invioBianca.responseNs}"><r:nrbe/><r:codEsitoInserimento>9999</r:codEsitoInserimento>
<r:elencoErroriRicette><r:erroreRicetta><r:codEsito>4711</r:codEsito><r:esito>QUANTITA NON AMMESSA</r:esito><r:identificativoProdPrest>2</r:identificativoProdPrest><r:tipoErrore>Bloccante</r:tipoErrore></r:erroreRicetta>
<r:erroreRicetta><r:codEsito>1002</r:codEsito><r:esito>PINCODE ERRATO</r:esito><r:identificativoProdPrest>0</r:identificativoProdPrest><r:tipoErrore>Bloccante</r:tipoErrore></r:erroreRicetta></r:elencoErroriRicette>
</r:InvioPrescrittoRicettaBiancaRicevuta></e:Body></e:Envelope>`,
      2
    )
    assert.equal(rejected.outcomeCode, '9999')
    assert.deepEqual(rejected.messages[0], { code: '4711', text: 'QUANTITA NON AMMESSA', itemIndex: 2, severity: 'blocking' })
    assert.equal(rejected.messages[1].text, sacMessage('1002'))
    const view = parseWhiteViewAnswer(`<e:Envelope xmlns:e="${SOAP_ENV}"><e:Body><r:VisualizzaPrescrittoRicettaBiancaRicevuta xmlns:r="${OPERATIONS.visualizzaBianca.responseNs}" xmlns:t="${OPERATIONS.visualizzaBianca.typesNs}">
<r:nrbe>K12345678901</r:nrbe><r:pinNrbe>7QX2B</r:pinNrbe><r:statoProcesso>3</r:statoProcesso><r:protocolloTransazione>1</r:protocolloTransazione>
<r:dettaglioPrescrizioneRicettaBianca><t:codProdPrest>036816015</t:codProdPrest><t:quantita>1</t:quantita></r:dettaglioPrescrizioneRicettaBianca>
<r:codEsitoVisualizzazione>0000</r:codEsitoVisualizzazione></r:VisualizzaPrescrittoRicettaBiancaRicevuta></e:Body></e:Envelope>`)
    assert.equal(view.remoteStatus, '3')
    assert.equal(view.items[0].codProdPrest, '036816015')
    const cancel = parseWhiteCancelAnswer(`<e:Envelope xmlns:e="${SOAP_ENV}"><e:Body><r:AnnullaPrescrittoRicettaBiancaRicevuta xmlns:r="${OPERATIONS.annullaBianca.responseNs}"><r:nrbe>K12345678901</r:nrbe>
<r:codEsitoAnnullamento>9999</r:codEsitoAnnullamento><r:elencoErroriRicette><r:erroreRicetta><r:codEsito>1120</r:codEsito><r:esito>STATO NON VALIDO</r:esito><r:tipoErrore>Bloccante</r:tipoErrore></r:erroreRicetta></r:elencoErroriRicette>
</r:AnnullaPrescrittoRicettaBiancaRicevuta></e:Body></e:Envelope>`)
    assert.equal(cancel.messages[0].code, '1120')
  })
})
