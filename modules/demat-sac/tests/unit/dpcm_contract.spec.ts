import { test } from '@japa/runner'
import { SOAP_ENV } from '#services/demat/sac_schema/protocol'
import { parseXmlRaw, type XmlNode } from '#services/demat/sac_schema/xml'
import { dpcmUploadEnvelope, dpcmVerdictEnvelope, parseDpcmReceipt, parseDpcmVerdict, redFields, redFileName, ricetteMirXml } from '../../services/soap/dpcm_message.js'
import { buildSoapWithAttachment, parseMultipart } from '../../services/soap/multipart.js'
import { DPCM_UPLOAD_TAGS, MIR_HEADER_TAGS, MIR_ITEM_TAGS, MIR_RICETTA_TAGS, OPERATIONS } from '../../services/soap/protocol.js'
import { unzipFirst, zipSingle } from '../../services/soap/zip.js'
import { sacMessage } from '../../services/error_messages.js'
import { redPrescription } from '../support.js'

const ENCRYPTED = { pinCode: 'PIN', codiceAss: 'CF' }

test.group('DPCM red prescription file (Sistema TS DPCM specification)', () => {
  test('RicetteMIR: header, then the prescription with every tag in order, then its items', ({ assert }) => {
    const data = redPrescription({
      exemptionCode: null,
      notExempt: true,
      items: [
        { code: '036816015', description: 'AUGMENTIN', quantity: 2, aifaNote: '13' },
        { code: null, description: null, equivalenceGroup: { code: 'G3B', description: 'LEVETIRACETAM' }, quantity: 1 },
      ],
    })
    const raw = parseXmlRaw(ricetteMirXml(redFields(data, ENCRYPTED)))
    const root = raw.RicetteMIR as XmlNode
    assert.deepEqual(Object.keys(root), ['Testata', 'RicettaI'])
    const header = root.Testata as XmlNode
    assert.deepEqual(Object.keys(header), [...MIR_HEADER_TAGS])
    assert.equal(header.PinCode, 'PIN')
    assert.equal(header.TipoInvio, 'RPS')
    const ricetta = root.RicettaI as XmlNode
    assert.deepEqual(Object.keys(ricetta), [...MIR_RICETTA_TAGS, 'Prescrizione'])
    assert.equal(ricetta.Bar1, data.bar1)
    assert.equal(ricetta.Bar2, '0000123455')
    assert.equal(ricetta.CodiceAss, 'CF')
    assert.equal(ricetta.TipoPrescrizione, 'F')
    assert.equal(ricetta.NonEsente, '1')
    assert.equal(ricetta.TotPezzi, '3')
    assert.equal(ricetta.DataCompilazione, '2026-09-30')
    assert.equal(ricetta.ProvAssistito, 'RM')
    assert.equal(ricetta.AslAssistito, '201')
    const items = ricetta.Prescrizione as XmlNode[]
    assert.lengthOf(items, 2)
    for (const item of items) assert.deepEqual(Object.keys(item), [...MIR_ITEM_TAGS])
    assert.equal(items[0].NotaProd, '13')
    assert.equal(items[1].CodProdPrest, '')
    assert.equal(items[1].DescrProdPrest, 'LEVETIRACETAM')
  })

  test('the upload envelope names the attachment; its children are unqualified, in order', ({ assert }) => {
    const raw = parseXmlRaw(dpcmUploadEnvelope('x.zip'))
    const envelope = raw['soapenv:Envelope'] as XmlNode
    assert.equal(envelope['@_xmlns:soapenv'], SOAP_ENV)
    assert.equal(envelope['@_xmlns:urn'], 'urn:attachment.ws.it')
    const node = (envelope['soapenv:Body'] as XmlNode)['urn:inputBean'] as XmlNode
    assert.deepEqual(Object.keys(node), [...DPCM_UPLOAD_TAGS])
    assert.equal(node.nomeFileAllegato, 'x.zip')
    assert.equal(OPERATIONS.dpcmInvio.action, 'invio')
  })

  test('the file is zipped and travels as a MIME part next to the envelope', ({ assert }) => {
    const xml = ricetteMirXml(redFields(redPrescription(), ENCRYPTED))
    const zip = zipSingle('r.xml', Buffer.from(xml, 'utf8'))
    assert.equal(zip.readUInt32LE(0), 0x04034b50)
    assert.equal(zip.readUInt32LE(zip.length - 22), 0x06054b50)
    const { contentType, body } = buildSoapWithAttachment(dpcmUploadEnvelope('r.zip'), { contentId: 'r.zip', contentType: 'application/zip', data: zip })
    assert.match(contentType, /^multipart\/related; type="text\/xml"; start="<[^>]+>"; boundary="[^"]+"$/)
    const parts = parseMultipart(body, contentType)
    assert.lengthOf(parts, 2)
    assert.include(parts[0].body.toString('utf8'), '<urn:inputBean>')
    assert.equal(parts[1].headers['content-id'], '<r.zip>')
    assert.isTrue(parts[1].body.equals(zip))
    const file = unzipFirst(parts[1].body)
    assert.equal(file.name, 'r.xml')
    assert.equal(file.content.toString('utf8'), xml)
  })

  test('the file name carries the time and the sheet', ({ assert }) => {
    assert.equal(redFileName({ bar1: '12026', bar2: '0000123455' }, new Date('2026-03-02T10:15:00.123Z')), '20260302101500123-120260000123455')
  })

  test('the verdict query: by protocol, in the DTO namespace', ({ assert }) => {
    const op = OPERATIONS.dpcmEsiti
    const raw = parseXmlRaw(dpcmVerdictEnvelope({ pinCodeIn: 'P', protocolloSac: '26030210150000001' }))
    const envelope = raw['soapenv:Envelope'] as XmlNode
    assert.equal(envelope['@_xmlns:ela'], op.requestNs)
    assert.equal(envelope['@_xmlns:dto'], op.typesNs)
    const root = (envelope['soapenv:Body'] as XmlNode)['ela:visualizzaElencoStatoRicette'] as XmlNode
    const dto = root['ela:elencoAnaliticoEsitoRicetteDTO'] as XmlNode
    assert.deepEqual(Object.keys(dto), ['dto:pinCodeIn', 'dto:protocolloSac'])
  })
})

test.group('DPCM answers', () => {
  test('the receipt: protocol when taken, the service’s reason when not', ({ assert }) => {
    const ok = parseDpcmReceipt(`<soap:Envelope xmlns:soap="${SOAP_ENV}"><soap:Body><ns2:ricevuta xmlns:ns2="urn:attachment.ws.it">
<protocolloSAC>26030210150000001</protocolloSAC><dataAccoglienza>2026-03-02 10:15:00</dataAccoglienza><nomeFileAllegato>r.zip</nomeFileAllegato>
<dimensioneFileAllegato>812</dimensioneFileAllegato><codiceEsito>000</codiceEsito><descrizioneEsito>OK</descrizioneEsito></ns2:ricevuta></soap:Body></soap:Envelope>`)
    assert.equal(ok.outcomeCode, '000')
    assert.equal(ok.protocol, '26030210150000001')
    assert.isEmpty(ok.messages)
    const ko = parseDpcmReceipt(`<soap:Envelope xmlns:soap="${SOAP_ENV}"><soap:Body><ns2:ricevuta xmlns:ns2="urn:attachment.ws.it">
<protocolloSAC/><dataAccoglienza/><nomeFileAllegato>r.zip</nomeFileAllegato><dimensioneFileAllegato>0</dimensioneFileAllegato><codiceEsito>001</codiceEsito><descrizioneEsito>Allegato mancante.</descrizioneEsito></ns2:ricevuta></soap:Body></soap:Envelope>`)
    assert.deepEqual(ko.messages, [{ code: '001', text: 'Allegato mancante.', itemIndex: null, severity: 'blocking' }])
  })

  test('the verdict: records with their errors, or the messages of a refused query', ({ assert }) => {
    const op = OPERATIONS.dpcmEsiti
    const verdict = parseDpcmVerdict(`<soap:Envelope xmlns:soap="${SOAP_ENV}"><soap:Body><ela:visualizzaElencoStatoRicetteResponse xmlns:ela="${op.responseNs}" xmlns:dto="${op.typesNs}">
<ela:visualizzaElencoStatoRicetteReturn><dto:isOperazioneValida>true</dto:isOperazioneValida><dto:listaMessaggi/>
<dto:elencoEsitoRicetteRecords>
<dto:ElencoEsitoRicetteRecord><dto:codRicetta>120260000123456</dto:codRicetta><dto:dataAccoglienza>2026-03-02 10:15:00</dto:dataAccoglienza><dto:protocolloSac>1</dto:protocolloSac>
<dto:errori><dto:Errori><dto:codice>R003</dto:codice><dto:descrizione>RICETTA GIA TRASMESSA</dto:descrizione></dto:Errori><dto:Errori><dto:codice>1024</dto:codice><dto:descrizione>CF</dto:descrizione></dto:Errori></dto:errori></dto:ElencoEsitoRicetteRecord>
<dto:ElencoEsitoRicetteRecord><dto:codRicetta>120260000123465</dto:codRicetta><dto:protocolloSac>1</dto:protocolloSac><dto:errori/></dto:ElencoEsitoRicetteRecord>
</dto:elencoEsitoRicetteRecords></ela:visualizzaElencoStatoRicetteReturn></ela:visualizzaElencoStatoRicetteResponse></soap:Body></soap:Envelope>`)
    assert.isTrue(verdict.valid)
    assert.lengthOf(verdict.records, 2)
    assert.deepEqual(
      verdict.records[0].errors.map((e) => [e.code, e.text]),
      [
        ['R003', 'RICETTA GIA TRASMESSA'],
        ['1024', sacMessage('1024')],
      ]
    )
    assert.isEmpty(verdict.records[1].errors)
    const refused = parseDpcmVerdict(`<soap:Envelope xmlns:soap="${SOAP_ENV}"><soap:Body><ela:visualizzaElencoStatoRicetteResponse xmlns:ela="${op.responseNs}" xmlns:dto="${op.typesNs}">
<ela:visualizzaElencoStatoRicetteReturn><dto:isOperazioneValida>false</dto:isOperazioneValida><dto:listaMessaggi><dto:MessageObj><dto:codiceMessaggio>1002</dto:codiceMessaggio><dto:descrizioneMessaggio>PINCODE</dto:descrizioneMessaggio></dto:MessageObj></dto:listaMessaggi>
</ela:visualizzaElencoStatoRicetteReturn></ela:visualizzaElencoStatoRicetteResponse></soap:Body></soap:Envelope>`)
    assert.isFalse(refused.valid)
    assert.equal(refused.messages[0].text, sacMessage('1002'))
  })
})
