import { test } from '@japa/runner'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildSendRequest, buildSimpleRequest, sendFields } from '#services/demat/sac_schema/envelopes'
import { readSendAnswer, severityOf } from '#services/demat/sac_schema/answers'
import { ITEM_TAGS, SEND_HEADER_TAGS, SOAP_ENV, USED_NRE_TAGS } from '#services/demat/sac_schema/protocol'
import { childNames, parseXmlRaw, type XmlNode } from '#services/demat/sac_schema/xml'
import { FVG_NAMESPACES, FVG_REQUIRED_SEND_TAGS, FVG_TYPES_NS, downgradeCodeIn, fvgDialect, isDowngradeCode } from '../../adapters/fvg/protocol.js'
import { cardFiscalCode, userAgent } from '../../adapters/fvg/client.js'
import { FvgNotConfigured, defaultWorkstation, fvgConfigFromEnv } from '../../adapters/fvg/config.js'
import { downgradeMessage, fvgMessage } from '../../adapters/fvg/messages.js'
import { FvgPlugin } from '../../adapters/fvg/fvg_plugin.js'
import { DOCTOR_CF, PRODUCT, doctor, fvgConfig, prescription, skipUnlessFvg, specialist, tlsMaterial } from '../support/fvg.js'

const dialect = fvgDialect(PRODUCT)

function root(xml: string, name: string) {
  const raw = parseXmlRaw(xml)
  const envelope = raw['soapenv:Envelope'] as XmlNode
  return { envelope, node: (envelope['soapenv:Body'] as XmlNode)[name] as XmlNode }
}

const local = (node: XmlNode, prefix: string) =>
  childNames(node).map((k) => {
    if (!k.startsWith(`${prefix}:`)) throw new Error(`${k} is not in prefix ${prefix}`)
    return k.slice(prefix.length + 1)
  })

test.group('FVG SAR envelopes (spec §6.2–6.5, §7.1)', (group) => {
  group.tap((t) => t.skip(skipUnlessFvg(), 'the FVG adapter loads only with STUDIO_REGION=friuli-venezia-giulia: run in that pass'))

  test('the send has the SAC tags in XSD order, under the regional namespaces, with prodottoCme', ({ assert }) => {
    const fields = sendFields(prescription(), doctor(), { pinCode: '', codiceAss: 'CIFRATO' })
    const xml = buildSendRequest(dialect, fields)
    const { envelope, node } = root(xml, 'inv:InvioPrescrittoRichiesta')
    assert.equal(envelope['@_xmlns:soapenv'], SOAP_ENV)
    assert.equal(envelope['@_xmlns:inv'], 'http://invioprescrittorichiesta.xsd.dem.sanita.fvg.it-v1.0')
    assert.equal(envelope['@_xmlns:tip'], 'http://tipodati.xsd.dem.sanita.fvg.it-v1.0')
    assert.equal(node['@_tip:prodottoCme'], PRODUCT)
    const tags = local(node, 'inv')
    // Only valued tags, plus the required ones, in the SAC order.
    const expected = SEND_HEADER_TAGS.filter((t) => (FVG_REQUIRED_SEND_TAGS as readonly string[]).includes(t) || fields.header[t])
    assert.deepEqual(tags, [...expected, 'ElencoDettagliPrescrizioni'])
    assert.deepEqual(tags.slice(0, 5), ['pinCode', 'cfMedico1', 'codRegione', 'codASLAo', 'codSpecializzazione'])
    assert.notInclude(tags, 'cfMedico2')
    assert.notInclude(tags, 'testata1')
    assert.include(xml, '<inv:pinCode></inv:pinCode>')
    assert.include(xml, '<inv:codiceAss>CIFRATO</inv:codiceAss>')
    assert.include(xml, '<inv:dataCompilazione>2026-10-01 ')
    assert.include(xml, '<inv:provAssistito>UD</inv:provAssistito><inv:aslAssistito>204</inv:aslAssistito>')
    const list = node['inv:ElencoDettagliPrescrizioni'] as XmlNode
    assert.notProperty(list, '@_tip:versioneCR')
    const item = (list['tip:DettaglioPrescrizione'] as XmlNode[])[0]
    assert.deepEqual(local(item, 'tip'), ['codProdPrest', 'descrProdPrest', 'quantita'])
    assert.equal(item['tip:quantita'], '2')
    // No empty tag anywhere: the regional XSD refuses them.
    assert.notMatch(xml.replace('<inv:pinCode></inv:pinCode>', '').replace('<soapenv:Header></soapenv:Header>', ''), /<(\w+:\w+)><\/\1>/)
  })

  test('a specialist send carries versioneCR, catalogue code and access type; numsedute never goes', ({ assert }) => {
    const fields = sendFields(specialist(), doctor(), { pinCode: '', codiceAss: 'X' })
    fields.items[0].numsedute = '3'
    const xml = buildSendRequest(dialect, fields, { itemListAttributes: { versioneCR: '1.4.4' } })
    const { node } = root(xml, 'inv:InvioPrescrittoRichiesta')
    const list = node['inv:ElencoDettagliPrescrizioni'] as XmlNode
    assert.equal(list['@_tip:versioneCR'], '1.4.4')
    const item = (list['tip:DettaglioPrescrizione'] as XmlNode[])[0]
    const tags = local(item, 'tip')
    assert.deepEqual(tags, ['codProdPrest', 'descrProdPrest', 'quantita', 'codCatalogoPrescr', 'tipoAccesso'])
    assert.deepEqual(tags, ITEM_TAGS.filter((t) => tags.includes(t)))
    assert.notInclude(xml, 'numsedute')
    assert.include(local(node, 'inv'), 'classePriorita')
    assert.include(local(node, 'inv'), 'descrizioneDiagnosi')
  })

  test('view, cancel and used-NRE envelopes: roots, namespaces, sequences, prodottoCme only where the XSD has it', ({ assert }) => {
    const values = { pinCode: '', nre: '0600A1100000001', cfMedico: DOCTOR_CF }
    for (const [op, prefix, rootName] of [
      ['visualizza', 'vis', 'VisualizzaPrescrittoRichiesta'],
      ['annulla', 'ann', 'AnnullaPrescrittoRichiesta'],
    ] as const) {
      const xml = buildSimpleRequest(dialect, op, values)
      const { envelope, node } = root(xml, `${prefix}:${rootName}`)
      assert.equal(envelope[`@_xmlns:${prefix}`], FVG_NAMESPACES[op].request)
      assert.equal(envelope['@_xmlns:tip'], FVG_TYPES_NS)
      assert.equal(node['@_tip:prodottoCme'], PRODUCT)
      assert.deepEqual(local(node, prefix), ['pinCode', 'nre', 'cfMedico'])
    }
    const used = buildSimpleRequest(dialect, 'interrogaNre', {
      pinCode: '',
      codRegione: '060',
      cfMedico: DOCTOR_CF,
      tipoPrescr: 'F',
      dataCompilazioneRicettaDal: '2026-10-01 08:00:00',
      dataCompilazioneRicettaAl: '2026-10-01 08:04:00',
    })
    const { envelope, node } = root(used, 'int:InterrogaNreUtilRichiesta')
    // The used-NRE messages have no version in their namespace and no prodottoCme.
    assert.equal(envelope['@_xmlns:int'], 'http://interroganreutilrichiesta.xsd.dem.sanita.fvg.it')
    assert.notProperty(envelope, '@_xmlns:tip')
    assert.notProperty(node, '@_tip:prodottoCme')
    const tags = local(node, 'int')
    assert.deepEqual(tags, ['pinCode', 'codRegione', 'cfMedico', 'tipoPrescr', 'dataCompilazioneRicettaDal', 'dataCompilazioneRicettaAl'])
    assert.deepEqual(tags, USED_NRE_TAGS.filter((t) => tags.includes(t)))
  })

  test('the User-Agent is product/version OS/version titolare/device, with no stray separators', ({ assert }) => {
    const config = fvgConfig('https://127.0.0.1:1', { workstation: defaultWorkstation('Studio Rossi / PC 1') })
    const ua = userAgent(config, DOCTOR_CF.toLowerCase())
    assert.match(ua, /^STUDIOMG01\/1\.0 [^\s/]+\/[^\s/]+ [A-Z0-9]{16}\/[^\s/]+$/)
    assert.isTrue(ua.endsWith(`${DOCTOR_CF}/Studio_Rossi_PC_1`))
  })

  test('the card tells whose it is: serialNumber TINIT-<CF>', ({ assert }) => {
    assert.equal(cardFiscalCode(tlsMaterial().cards.get(DOCTOR_CF)!.cert), DOCTOR_CF)
    assert.isNull(cardFiscalCode(tlsMaterial().server.cert))
  })
})

test.group('FVG SAR error mapping', (group) => {
  group.tap((t) => t.skip(skipUnlessFvg(), 'the FVG adapter loads only with STUDIO_REGION=friuli-venezia-giulia: run in that pass'))

  test('codes 060120–060130 and only those ask for the red prescription, in Italian', ({ assert }) => {
    for (let n = 60120; n <= 60130; n++) {
      const code = `0${n}`
      assert.isTrue(isDowngradeCode(code))
      assert.equal(fvgMessage(code, 'PRESTAZIONE NON EROGABILE'), downgradeMessage(code))
      assert.match(fvgMessage(code), /ricetta rossa/)
    }
    for (const code of ['060119', '060131', '60120', '0601200', '1016', '']) assert.isFalse(isDowngradeCode(code))
    assert.equal(downgradeCodeIn('060125 - PRESTAZIONE NON PRESCRIVIBILE'), '060125')
    assert.isNull(downgradeCodeIn('errore 1060125 interno'))
  })

  test('SAC codes in Italian; a generic 9999 keeps the service reason as a sentence', ({ assert }) => {
    assert.equal(fvgMessage('1007'), 'Il codice fiscale del medico non corrisponde all’utente che invia.')
    assert.equal(fvgMessage('1120'), 'Annullamento non possibile: la ricetta è già in erogazione, erogata o annullata.')
    assert.equal(fvgMessage('9999', 'CODICE AIC 036816016 NON VALIDO'), 'Codice aic 036816016 non valido.')
    assert.equal(fvgMessage('4321', 'Testo del servizio'), 'Testo del servizio')
    assert.equal(severityOf('Bloccante'), 'blocking')
    assert.equal(severityOf('Avviso'), 'warning')
    assert.equal(severityOf('??'), 'blocking')
  })

  test('a receipt is read by local name, whatever the regional namespace', ({ assert }) => {
    const xml =
      `<soap:Envelope xmlns:soap="${SOAP_ENV}"><soap:Body><r:InvioPrescrittoRicevuta xmlns:r="${FVG_NAMESPACES.invio.response}" xmlns:t="${FVG_TYPES_NS}">` +
      '<r:codEsitoInserimento>9999</r:codEsitoInserimento><r:ElencoErroriRicette><t:ErroreRicetta><t:codEsito>060121</t:codEsito>' +
      '<t:esito>EMETTERE RICETTA ROSSA</t:esito><t:progPresc>1</t:progPresc><t:tipoErrore>E</t:tipoErrore></t:ErroreRicetta></r:ElencoErroriRicette>' +
      '</r:InvioPrescrittoRicevuta></soap:Body></soap:Envelope>'
    const answer = readSendAnswer(xml)
    assert.equal(answer.outcomeCode, '9999')
    assert.deepEqual(answer.errors, [{ code: '060121', text: 'EMETTERE RICETTA ROSSA', itemIndex: 1, severity: 'blocking' }])
  })
})

test.group('FVG SAR configuration and local checks', (group) => {
  group.tap((t) => t.skip(skipUnlessFvg(), 'the FVG adapter loads only with STUDIO_REGION=friuli-venezia-giulia: run in that pass'))

  test('without its settings the adapter waits with the reason, in Italian', async ({ assert }) => {
    const config = fvgConfigFromEnv({ SAR_FVG_URL: 'https://demtest.sanita.fvg.it' })
    assert.instanceOf(config, FvgNotConfigured)
    assert.equal(
      (config as FvgNotConfigured).message,
      'Servizio SAR del Friuli Venezia Giulia non configurato (mancano SAR_FVG_CERT, SAR_FVG_KEY, SAR_FVG_PRODUCT_CODE, SAR_FVG_CF_CERT): le ricette restano in attesa.'
    )
    const plugin = new FvgPlugin(config)
    await assert.rejects(() => plugin.send(prescription(), doctor()), /non configurato/)
    const unreadable = fvgConfigFromEnv({ SAR_FVG_URL: 'x', SAR_FVG_CERT: '/nonexistent.pem', SAR_FVG_KEY: 'k', SAR_FVG_PRODUCT_CODE: 'P', SAR_FVG_CF_CERT: 'c' })
    assert.match((unreadable as Error).message, /^Configurazione del SAR del Friuli Venezia Giulia non leggibile/)
  })

  test('one card per doctor when the certificate path holds {cf}', async ({ assert, cleanup }) => {
    const tls = tlsMaterial()
    const dir = await mkdtemp(join(tmpdir(), 'fvg-cards-'))
    cleanup(() => rm(dir, { recursive: true, force: true }))
    await writeFile(join(dir, `carta-${DOCTOR_CF}.pem`), tls.cards.get(DOCTOR_CF)!.cert)
    await writeFile(join(dir, `carta-${DOCTOR_CF}.key`), tls.cards.get(DOCTOR_CF)!.key)
    await writeFile(join(dir, 'cifratura.pem'), tls.encryption.cert)
    const config = fvgConfigFromEnv({
      SAR_FVG_URL: 'https://demtest.sanita.fvg.it/',
      SAR_FVG_CERT: join(dir, 'carta-{cf}.pem'),
      SAR_FVG_KEY: join(dir, 'carta-{cf}.key'),
      SAR_FVG_PRODUCT_CODE: 'STUDIO MG',
      SAR_FVG_CF_CERT: join(dir, 'cifratura.pem'),
      SAR_FVG_TIMEOUT_MS: '9000',
    })
    if (config instanceof FvgNotConfigured) throw config
    assert.equal(config.baseUrl, 'https://demtest.sanita.fvg.it')
    assert.equal(config.product.code, 'STUDIO_MG')
    assert.equal(config.timeoutMs, 9000)
    assert.equal(config.clientIdentity(DOCTOR_CF)?.cert, tls.cards.get(DOCTOR_CF)!.cert)
    assert.isNull(config.clientIdentity('RSSMRA80A01H501U'))
  })

  test('regional rules stop a prescription before any call', ({ assert }) => {
    const plugin = new FvgPlugin(new FvgNotConfigured('non configurato'))
    assert.deepEqual(plugin.validate(prescription()), [])
    assert.deepEqual(plugin.validate(specialist()), [])
    const drug = plugin.validate(prescription({ items: [{ code: '036816015', description: 'AUGMENTIN', quantity: 0, catalogueCode: '89.52_0' }] }))
    assert.sameMembers(drug.map((m) => m.code), ['SAR-QTA', 'SAR-VOCE'])
    const visit = plugin.validate(specialist({ diagnosisText: null, items: [{ code: '89.7', description: 'VISITA', quantity: 1 }] }))
    assert.sameMembers(visit.map((m) => m.code), ['SAR-QUESITO', 'SAR-CATALOGO'])
    const patient = plugin.validate(prescription({ patient: { fiscalCode: 'PNIMRA70A41L424X', lastName: 'P', firstName: 'M' }, nre: '1300A4019294833' }))
    assert.sameMembers(patient.map((m) => m.code), ['1024', '1008'])
    const packs = plugin.validate(prescription({ items: [{ code: '036816015', description: 'AUGMENTIN', quantity: 3 }] }))
    assert.deepEqual(packs.map((m) => m.severity), ['warning'])
    assert.equal(plugin.capabilities().assignsNre, 'central')
    assert.isTrue(plugin.capabilities().supportsUsedNreQuery)
  })
})
