import { test } from '@japa/runner'
import { constants, privateDecrypt } from 'node:crypto'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SacSoapFault, severityOf } from '#services/demat/sac_schema/answers'
import { sendFields } from '#services/demat/sac_schema/envelopes'
import { ITEM_TAGS, SEND_HEADER_TAGS, SOAP_ENV, USED_NRE_TAGS } from '#services/demat/sac_schema/protocol'
import { parseXmlRaw, type XmlNode } from '#services/demat/sac_schema/xml'
import { cancelEnvelope, sendEnvelope, usedNreEnvelope, viewEnvelope } from '../../services/soap/envelopes.js'
import { NS_TIPI, OPERATIONS } from '../../services/soap/protocol.js'
import { parseCancelAnswer, parseSendAnswer, parseUsedNreAnswer, parseViewAnswer, readAnswer } from '../../services/soap/responses.js'
import { cfCheckChar, isValidFiscalCode } from '../../services/formal_checks.js'
import { SanitelCertificate } from '../../services/sanitel_cf.js'
import { ensureSimulatorKeys } from '../../services/simulator/certificate.js'
import { sacMessage } from '../../services/error_messages.js'
import { doctorContext, prescription } from '../support.js'

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

test.group('SAC request envelopes (spec §6)', () => {
  test('demInvioPrescritto has every header tag in XSD order, items in the tipodati namespace', ({ assert }) => {
    const fields = sendFields(prescription(), doctorContext(), { pinCode: 'PIN', codiceAss: 'CF' })
    const xml = sendEnvelope(fields)
    const { envelope, node } = bodyRoot(xml, 'inv:InvioPrescrittoRichiesta')
    assert.equal(envelope['@_xmlns:soapenv'], SOAP_ENV)
    assert.equal(envelope['@_xmlns:inv'], OPERATIONS.invio.requestNs)
    assert.equal(envelope['@_xmlns:tip'], NS_TIPI)
    assert.deepEqual(childTags(node, 'inv'), [...SEND_HEADER_TAGS, 'ElencoDettagliPrescrizioni'])
    assert.include(xml, '<inv:cfMedico2></inv:cfMedico2>')
    assert.include(xml, '<inv:dataCompilazione>2026-09-30 16:05:07</inv:dataCompilazione>')
    assert.include(xml, '<inv:cognNome>ROSSI MARIO</inv:cognNome>')
    // The raw parser gives a list of DettaglioPrescrizione even with one item.
    const [item] = (node['inv:ElencoDettagliPrescrizioni'] as XmlNode)['tip:DettaglioPrescrizione'] as XmlNode[]
    assert.deepEqual(childTags(item, 'tip'), [...ITEM_TAGS])
    assert.equal(item['tip:quantita'], '1')
  })

  test('header order starts pinCode, cfMedico1, cfMedico2 and ends classePriorita', () => {
    const tags = [...SEND_HEADER_TAGS]
    if (tags.slice(0, 3).join() !== 'pinCode,cfMedico1,cfMedico2' || tags.at(-1) !== 'classePriorita' || tags.length !== 32) throw new Error('sequence changed')
  })

  test('two items keep send order; equivalence group goes in codGruppoEquival', ({ assert }) => {
    const p = prescription({
      items: [
        { code: null, description: null, equivalenceGroup: { code: 'G3B', description: "LEVETIRACETAM 500MG 60 UNITA' USO ORALE" }, quantity: 2 },
        { code: '036816015', description: 'AUGMENTIN', quantity: 1, notSubstitutable: true, notSubstitutableReason: '1' },
      ],
    })
    const xml = sendEnvelope(sendFields(p, doctorContext(), { pinCode: 'P', codiceAss: 'C' }))
    const { node } = bodyRoot(xml, 'inv:InvioPrescrittoRichiesta')
    const items = (node['inv:ElencoDettagliPrescrizioni'] as XmlNode)['tip:DettaglioPrescrizione'] as XmlNode[]
    assert.lengthOf(items, 2)
    assert.equal(items[0]['tip:codGruppoEquival'], 'G3B')
    assert.equal(items[0]['tip:codProdPrest'], '')
    assert.equal(items[1]['tip:nonSost'], '1')
    assert.equal(items[1]['tip:codMotivazione'], '1')
  })

  test('visualizza, annulla and interroga NRE have their roots, namespaces and sequences', ({ assert }) => {
    const values = { pinCode: 'P', nre: '1200A1234567890', cfMedico: 'RSSMRA80A01H501U' }
    for (const [op, xml] of [
      ['visualizza', viewEnvelope(values)],
      ['annulla', cancelEnvelope(values)],
    ] as const) {
      const spec = OPERATIONS[op]
      const { envelope, node } = bodyRoot(xml, `${spec.prefix}:${spec.requestRoot}`)
      assert.equal(envelope[`@_xmlns:${spec.prefix}`], spec.requestNs)
      assert.deepEqual(childTags(node, spec.prefix), ['pinCode', 'nre', 'cfMedico'])
    }
    const xml = usedNreEnvelope({ pinCode: 'P', codRegione: '120', cfMedico: 'RSSMRA80A01H501U', tipoPrescr: 'F', dataCompilazioneRicettaDal: '2026-09-30 16:03:07', dataCompilazioneRicettaAl: '2026-09-30 16:07:07' })
    const { envelope, node } = bodyRoot(xml, 'int:InterrogaNreUtilRichiesta')
    assert.equal(envelope['@_xmlns:int'], 'http://interroganreutilrichiesta.xsd.dem.sanita.finanze.it')
    assert.deepEqual(childTags(node, 'int'), [...USED_NRE_TAGS])
    assert.equal(node['int:nre'], '')
    assert.equal(OPERATIONS.interrogaNre.action, 'http://interroganreassociati.wsdl.dem.sanita.finanze.it/InterrogaNreUtilizzati')
  })

  test('special characters are escaped', ({ assert }) => {
    const p = prescription({ diagnosisText: 'Dolore <acuto> & febbre' })
    const xml = sendEnvelope(sendFields(p, doctorContext(), { pinCode: 'P', codiceAss: 'C' }))
    assert.include(xml, 'Dolore &lt;acuto&gt; &amp; febbre')
  })
})

const SEND_OK = `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
 <soapenv:Body>
  <ns2:InvioPrescrittoRicevuta xmlns:ns2="http://invioprescrittoricevuta.xsd.dem.sanita.finanze.it" xmlns:ns3="http://tipodati.xsd.dem.sanita.finanze.it">
   <ns2:nre>1300A4019294833</ns2:nre>
   <ns2:codAutenticazione>300920261605120123456789012345</ns2:codAutenticazione>
   <ns2:dataInserimento>2026-09-30 16:05:12</ns2:dataInserimento>
   <ns2:codEsitoInserimento>0001</ns2:codEsitoInserimento>
   <ns2:ElencoErroriRicette>
    <ns3:ErroreRicetta><ns3:codEsito>1024</ns3:codEsito><ns3:esito>CODICE FISCALE: CARATTERE DI CONTROLLO ERRATO</ns3:esito><ns3:progPresc>0</ns3:progPresc><ns3:tipoErrore>Avviso</ns3:tipoErrore></ns3:ErroreRicetta>
   </ns2:ElencoErroriRicette>
   <ns2:ElencoComunicazioni>
    <ns3:Comunicazione><ns3:codice>0199</ns3:codice><ns3:messaggio>COGNOME_MEDICO=ROSSI</ns3:messaggio></ns3:Comunicazione>
    <ns3:Comunicazione><ns3:codice>0197</ns3:codice><ns3:messaggio>Ricetta valida 30 giorni</ns3:messaggio></ns3:Comunicazione>
   </ns2:ElencoComunicazioni>
   <ns2:flagPromemoria>0</ns2:flagPromemoria>
   <ns2:pdfPromemoria>JVBERi0xLjQK</ns2:pdfPromemoria>
  </ns2:InvioPrescrittoRicevuta>
 </soapenv:Body>
</soapenv:Envelope>`

const SEND_KO = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
<InvioPrescrittoRicevuta xmlns="http://invioprescrittoricevuta.xsd.dem.sanita.finanze.it"><nre></nre><codAutenticazione/><dataInserimento/>
<codEsitoInserimento>9999</codEsitoInserimento><ElencoErroriRicette>
<ErroreRicetta><codEsito>1019</codEsito><esito>CODICE ASL NON VALIDO</esito><progPresc>0</progPresc><tipoErrore>Bloccante</tipoErrore></ErroreRicetta>
<ErroreRicetta><codEsito>4711</codEsito><esito>QUANTITA NON AMMESSA</esito><progPresc>2</progPresc><tipoErrore>E</tipoErrore></ErroreRicetta>
</ElencoErroriRicette></InvioPrescrittoRicevuta></soap:Body></soap:Envelope>`

test.group('SAC answers (spec §6)', () => {
  test('an accepted send gives NRE, auth code, insertion time, PDF, warnings and the 0197 sentence', ({ assert }) => {
    const answer = parseSendAnswer(SEND_OK)
    assert.equal(answer.outcomeCode, '0001')
    assert.equal(answer.nre, '1300A4019294833')
    assert.lengthOf(answer.authCode, 30)
    assert.equal(answer.insertedAt, '2026-09-30 16:05:12')
    assert.equal(answer.promemoriaPdf, 'JVBERi0xLjQK')
    assert.equal(answer.regionalMessage, 'Ricetta valida 30 giorni')
    assert.deepEqual(answer.messages, [{ code: '1024', text: sacMessage('1024'), itemIndex: null, severity: 'warning' }])
  })

  test('a rejection keeps codes, item index and severity; unknown codes keep the service text', ({ assert }) => {
    const answer = parseSendAnswer(SEND_KO)
    assert.equal(answer.outcomeCode, '9999')
    assert.equal(answer.nre, '')
    assert.equal(answer.messages[0].text, 'Codice ASL del medico mancante o non valido (tre cifre).')
    assert.deepEqual(answer.messages[1], { code: '4711', text: 'QUANTITA NON AMMESSA', itemIndex: 2, severity: 'blocking' })
  })

  test('statoProcesso, items and an empty patient CF come back from visualizza', ({ assert }) => {
    const xml = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>
<a:VisualizzaPrescrittoRicevuta xmlns:a="http://visualizzaprescrittoricevuta.xsd.dem.sanita.finanze.it" xmlns:t="http://tipodati.xsd.dem.sanita.finanze.it">
<a:cfMedico1>RSSMRA80A01H501U</a:cfMedico1><a:testata1>COGNOME_MEDICO=ROSSI;NOME_MEDICO=MARIO</a:testata1><a:nre>1300A4019294833</a:nre><a:codiceAss></a:codiceAss>
<a:dataCompilazione>2026-09-30 16:05:07</a:dataCompilazione>
<a:ElencoDettagliPrescrizioni><t:DettaglioPrescrizione><t:codProdPrest>036816015</t:codProdPrest><t:quantita>1</t:quantita><t:numsedute>0</t:numsedute></t:DettaglioPrescrizione></a:ElencoDettagliPrescrizioni>
<a:statoProcesso>4</a:statoProcesso><a:codAutenticazione>300920261605120123456789012345</a:codAutenticazione><a:dataInserimento>2026-09-30 16:05:12</a:dataInserimento>
<a:codEsitoVisualizzazione>0000</a:codEsitoVisualizzazione>
<a:ElencoComunicazioni><t:Comunicazione><t:codice>0200</t:codice><t:messaggio>NESSUNA COMUNICAZIONE</t:messaggio></t:Comunicazione></a:ElencoComunicazioni>
</a:VisualizzaPrescrittoRicevuta></soapenv:Body></soapenv:Envelope>`
    const answer = parseViewAnswer(xml)
    assert.equal(answer.remoteStatus, '4')
    assert.equal(answer.header.codiceAss, '')
    assert.equal(answer.header.testata1, 'COGNOME_MEDICO=ROSSI;NOME_MEDICO=MARIO')
    assert.equal(answer.items[0].codProdPrest, '036816015')
    assert.equal(answer.communications[0].code, '0200')
  })

  test('annulla refused with 1120 and the used NRE list are read', ({ assert }) => {
    const cancel = parseCancelAnswer(`<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><r:AnnullaPrescrittoRicevuta xmlns:r="http://annullaprescrittoricevuta.xsd.dem.sanita.finanze.it">
<r:nre>1300A4019294833</r:nre><r:codEsitoAnnullamento>9999</r:codEsitoAnnullamento><r:ElencoErroriRicette><r:ErroreRicetta><r:codEsito>1120</r:codEsito><r:esito>STATO NON VALIDO</r:esito><r:progPresc>0</r:progPresc><r:tipoErrore>Bloccante</r:tipoErrore></r:ErroreRicetta></r:ElencoErroriRicette>
</r:AnnullaPrescrittoRicevuta></e:Body></e:Envelope>`)
    assert.equal(cancel.outcomeCode, '9999')
    assert.equal(cancel.messages[0].code, '1120')
    const used = parseUsedNreAnswer(`<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><r:InterrogaNreUtilRicevuta xmlns:r="http://interroganreutilricevuta.xsd.dem.sanita.finanze.it">
<r:codEsitoInterrogaNreUtilizzati>0000</r:codEsitoInterrogaNreUtilizzati><r:ElencoNreUtilRecord><r:NreUtilRecord><r:nre>1300A4019294833</r:nre><r:cfMedico>RSSMRA80A01H501U</r:cfMedico><r:tipoPrescrizione>F</r:tipoPrescrizione>
<r:dataCompilazioneRicetta>2026-09-30 16:05:07</r:dataCompilazioneRicetta><r:cfAssistito/><r:provenienza>0</r:provenienza><r:lotto/><r:codAutenticazione>300920261605120123456789012345</r:codAutenticazione></r:NreUtilRecord></r:ElencoNreUtilRecord>
</r:InterrogaNreUtilRicevuta></e:Body></e:Envelope>`)
    assert.lengthOf(used.records, 1)
    assert.equal(used.records[0].dataCompilazioneRicetta, '2026-09-30 16:05:07')
  })

  test('a SOAP Fault is raised as such', ({ assert }) => {
    const xml = `<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Body><env:Fault><faultcode>env:Client</faultcode><faultstring>Credenziali invalide</faultstring></env:Fault></env:Body></env:Envelope>`
    assert.throws(() => readAnswer(xml, 'invio'), SacSoapFault as any)
  })

  test('severity map of spec §12', ({ assert }) => {
    assert.equal(severityOf('Bloccante'), 'blocking')
    assert.equal(severityOf('Avviso'), 'warning')
    assert.equal(severityOf('W'), 'warning')
    assert.equal(severityOf('??'), 'blocking')
  })
})

test.group('Formal checks and SanitelCF encryption', () => {
  test('CF check characters of spec §4.2', ({ assert }) => {
    assert.equal(cfCheckChar('RSSMRA85T10A562'), 'S')
    assert.equal(cfCheckChar('PNIMRA70A01H501'), 'P')
    assert.equal(cfCheckChar('RSSMRA80A01H501'), 'U')
    assert.equal(cfCheckChar('RSSMRA85T10A56N'), 'H')
    assert.isTrue(isValidFiscalCode('RSSMRA85T10A56NH'))
    assert.isFalse(isValidFiscalCode('RSSMRA85T10A562T'))
  })

  test('pincode is RSA PKCS#1 v1.5 encrypted with the certificate, differently each time', async ({ assert }) => {
    const keys = await ensureSimulatorKeys(await mkdtemp(join(tmpdir(), 'sac-keys-')))
    const cert = new SanitelCertificate(keys.certificatePem)
    const a = cert.encrypt('1234567890')
    const b = cert.encrypt('1234567890')
    assert.notEqual(a, b)
    assert.lengthOf(Buffer.from(a, 'base64'), 256)
    assert.equal(privateDecrypt({ key: keys.privateKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(a, 'base64')).toString(), '1234567890')
    assert.isAbove(cert.daysLeft(), 60)
  })
})
