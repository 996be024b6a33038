import { test } from '@japa/runner'
import https from 'node:https'
import { constants, privateDecrypt } from 'node:crypto'
import { buildSendRequest, sendFields } from '#services/demat/sac_schema/envelopes'
import { readSendAnswer, SacSoapFault } from '#services/demat/sac_schema/answers'
import { parseXml, soapBody, text, type XmlNode } from '#services/demat/sac_schema/xml'
import { FvgPlugin } from '../../adapters/fvg/fvg_plugin.js'
import { FvgClient } from '../../adapters/fvg/client.js'
import { fvgDialect } from '../../adapters/fvg/protocol.js'
import { createFvgTlsMaterial } from '../../services/simulator/fvg_tls_material.js'
import {
  DOCTOR_CF,
  OTHER_DOCTOR_CF,
  PATIENT_CF,
  PRODUCT,
  SUBSTITUTE_CF,
  control,
  doctor,
  fvgConfig,
  fvgRig,
  prescription,
  skipUnlessFvg,
  specialist,
  tlsMaterial,
} from '../support/fvg.js'

const bodyOf = (xml: string) => soapBody(parseXml(xml))!.node as XmlNode

test.group('FVG SAR against its simulator', (group) => {
  group.tap((t) => t.skip(skipUnlessFvg(), 'the FVG adapter loads only with STUDIO_REGION=friuli-venezia-giulia: run in that pass'))

  test('send, view and cancel: NRE of region 060, auth code, card and User-Agent on every call', async ({ assert, cleanup }) => {
    const rig = await fvgRig()
    cleanup(() => rig.stop())
    const outcome = await rig.plugin.send(prescription(), doctor())
    assert.equal(outcome.status, 'accepted')
    assert.match(outcome.nre!, /^0600A1[0-9]{9}$/)
    assert.match(outcome.authCode!, /^[0-9]{30}$/)
    assert.match(outcome.insertedAt!, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
    assert.isUndefined(outcome.fallbackToRed)

    const [sent] = rig.simulator.received
    assert.equal(sent.operation, 'invio')
    assert.equal(sent.card, DOCTOR_CF)
    assert.equal(sent.headers.soapaction, '""')
    assert.equal(sent.headers['content-type'], 'text/xml;charset=UTF-8')
    assert.match(String(sent.headers['user-agent']), new RegExp(`^${PRODUCT}/1\\.0 Linux/6\\.1 ${DOCTOR_CF}/LIC-0001$`))
    // The patient's CF travels encrypted with the regional certificate (RSA PKCS#1 v1.5).
    const codiceAss = text(bodyOf(sent.body), 'codiceAss')
    assert.notEqual(codiceAss, PATIENT_CF)
    const clear = privateDecrypt({ key: tlsMaterial().encryption.key, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(codiceAss, 'base64'))
    assert.equal(clear.toString('utf8'), PATIENT_CF)
    assert.equal(rig.simulator.prescriptions.get(outcome.nre!)!.patientCode, PATIENT_CF)

    const view = await rig.plugin.view(outcome.nre!, doctor())
    assert.deepInclude(view, { found: true, remoteStatus: '3', authCode: outcome.authCode })
    const details = await rig.plugin.viewDetails(outcome.nre!, doctor())
    assert.equal(details.header.codiceAss, '')
    assert.equal(details.header.cognNome, 'PINNA MARA')
    assert.equal(details.items[0].codProdPrest, '036816015')

    const cancel = await rig.plugin.cancel(outcome.nre!, doctor())
    assert.equal(cancel.status, 'cancelled')
    assert.equal((await rig.plugin.view(outcome.nre!, doctor())).remoteStatus, '4')
    const again = await rig.plugin.cancel(outcome.nre!, doctor())
    assert.equal(again.status, 'refused')
    assert.deepEqual(again.messages[0], { code: '1120', text: 'Annullamento non possibile: la ricetta è già in erogazione, erogata o annullata.', itemIndex: null, severity: 'blocking' })
    assert.isTrue(rig.simulator.received.every((r) => r.card === DOCTOR_CF && r.headers.soapaction === '""'))
    const unknown = await rig.plugin.view('0600A1999999999', doctor())
    assert.deepEqual(unknown.messages.map((m) => [m.code, m.text]), [['5005', 'Ricetta non trovata.']])
  })

  test('dispensing marked at the simulator: the status reads 5 then 8, and cancel is refused', async ({ assert, cleanup }) => {
    const rig = await fvgRig()
    cleanup(() => rig.stop())
    const { nre } = await rig.plugin.send(prescription(), doctor())
    const marked = await control(rig.simulator, 'status', { nre, status: '5' })
    assert.equal(marked.status, 200)
    assert.equal((await rig.plugin.view(nre!, doctor())).remoteStatus, '5')
    rig.simulator.markDispensed(nre!)
    assert.equal((await rig.plugin.view(nre!, doctor())).remoteStatus, '8')
    const cancel = await rig.plugin.cancel(nre!, doctor())
    assert.equal(cancel.status, 'refused')
    assert.equal(cancel.messages[0].code, '1120')
  })

  test('used NREs: by window of dataCompilazione and by NRE; the credentials test is a harmless query', async ({ assert, cleanup }) => {
    const rig = await fvgRig()
    cleanup(() => rig.stop())
    const p = prescription()
    const { nre } = await rig.plugin.send(p, doctor())
    const [date, time] = p.compiledAt.split(' ')
    const window = await rig.plugin.usedNre(doctor(), { kind: 'F', from: `${date} 00:00:00`, to: `${date} 23:59:59` })
    assert.include(window.map((r) => r.nre), nre!)
    const record = window.find((r) => r.nre === nre)!
    assert.equal(record.dataCompilazioneRicetta, `${date} ${time}`)
    assert.equal(record.cfMedico, DOCTOR_CF)
    assert.lengthOf(await rig.plugin.usedNre(doctor(), { kind: 'P', from: `${date} 00:00:00`, to: `${date} 23:59:59` }), 0)
    assert.deepEqual((await rig.plugin.usedNre(doctor(), { nre: nre! })).map((r) => r.nre), [nre])

    const registered = rig.simulator.stats.registered
    rig.simulator.received.length = 0
    const check = await rig.plugin.testCredentials(doctor())
    assert.isTrue(check.ok)
    assert.match(check.message, /^Collegamento al SAR del Friuli Venezia Giulia riuscito/)
    assert.equal(rig.simulator.stats.registered, registered)
    assert.lengthOf(rig.simulator.received, 1)
    assert.equal(rig.simulator.received[0].operation, 'interrogaNre')
    assert.match(rig.simulator.received[0].body, /<int:dataCompilazioneRicettaDal>\d{4}-\d{2}-\d{2} 00:00:00<\/int:dataCompilazioneRicettaDal>/)
    assert.notInclude(rig.simulator.received[0].body, 'prodottoCme')
  })

  test('a specialist code 060120–060130 comes back as a rejection that falls back to the red prescription', async ({ assert, cleanup }) => {
    const rig = await fvgRig()
    cleanup(() => rig.stop())
    // A catalogue code the simulator always downgrades.
    const byCatalogue = await rig.plugin.send(specialist({ items: [{ code: '88.71.4', description: 'ECOGRAFIA CAPO E COLLO', quantity: 1, catalogueCode: 'DG-060125' }] }), doctor())
    assert.equal(byCatalogue.status, 'rejected')
    assert.isTrue(byCatalogue.fallbackToRed)
    assert.equal(byCatalogue.messages[0].code, '060125')
    assert.equal(byCatalogue.messages[0].text, 'Il SAR del Friuli Venezia Giulia non accetta questa prescrizione in forma dematerializzata (codice 060125): la compili su ricetta rossa del ricettario SSN.')
    // Told through the control endpoint, in the error list and as a SOAP Fault.
    assert.equal((await control(rig.simulator, 'downgrade', { code: '060130', form: 'errore' })).status, 200)
    const byList = await rig.plugin.send(specialist(), doctor())
    assert.deepInclude(byList, { status: 'rejected', fallbackToRed: true })
    assert.equal(byList.messages[0].code, '060130')
    rig.simulator.downgradeNext('060120', 'fault')
    const byFault = await rig.plugin.send(specialist(), doctor())
    assert.deepInclude(byFault, { status: 'rejected', fallbackToRed: true })
    assert.equal(byFault.messages[0].code, '060120')
    assert.match(byFault.messages[0].text, /ricetta rossa/)
    assert.equal(rig.simulator.stats.registered, 0)
    assert.equal(rig.simulator.stats.downgrades, 3)
    // The versioneCR went with every specialist send.
    assert.isTrue(rig.simulator.received.every((r) => r.body.includes('tip:versioneCR="1.4.4"')))
    const plain = await rig.plugin.send(specialist(), doctor())
    assert.equal(plain.status, 'accepted')
    assert.isUndefined(plain.fallbackToRed)
  })

  test('service checks come back as rejections with Italian messages, warnings as accepted with warnings', async ({ assert, cleanup }) => {
    const rig = await fvgRig()
    cleanup(() => rig.stop())
    // Right form, wrong check digits: only the service notices.
    const bad = await rig.plugin.send(prescription({ patient: { fiscalCode: 'PNIMRA70A41L424X', lastName: 'Pinna', firstName: 'Mara' }, items: [{ code: '036816016', description: 'AUGMENTIN', quantity: 2 }] }), doctor())
    assert.equal(bad.status, 'rejected')
    assert.isUndefined(bad.fallbackToRed)
    assert.sameDeepMembers(bad.messages, [
      { code: '1024', text: 'Codice fiscale errato: il carattere di controllo non corrisponde.', itemIndex: null, severity: 'blocking' },
      { code: '9999', text: 'Codice aic 036816016 non valido.', itemIndex: 1, severity: 'blocking' },
    ])
    const region = await rig.plugin.send(prescription(), doctor({ regionCode: '100' }))
    assert.equal(region.messages[0].text, 'La regione del medico non è abilitata al servizio.')
    const warned = await rig.plugin.send(prescription({ items: [{ code: '036816015', description: 'AUGMENTIN', quantity: 3 }] }), doctor())
    assert.equal(warned.status, 'accepted_with_warnings')
    assert.equal(warned.messages[0].severity, 'warning')
    const dpcRig = await fvgRig({ dpcDrugs: ['036816015'] })
    cleanup(() => dpcRig.stop())
    const dpc = await dpcRig.plugin.send(prescription(), doctor())
    assert.equal(dpc.status, 'accepted')
    assert.deepInclude(dpc.messages, { code: '0196', text: 'La ricetta contiene farmaci in distribuzione per conto (DPC) nella regione di prescrizione.', itemIndex: null, severity: 'warning' })
    assert.equal(rig.simulator.stats.rejected, 2)
  })

  test('a substitute signs with his own card; the titolare cannot cancel it; the position check answers', async ({ assert, cleanup }) => {
    const rig = await fvgRig({ substitutes: [[DOCTOR_CF, SUBSTITUTE_CF]] })
    cleanup(() => rig.stop())
    const ctx = doctor({ substituteFiscalCode: SUBSTITUTE_CF })
    assert.deepInclude(await rig.plugin.checkSubstitute(ctx), { enabled: true })
    const sent = await rig.plugin.send(prescription(), ctx)
    assert.equal(sent.status, 'accepted')
    assert.equal(rig.simulator.received.at(-1)!.card, SUBSTITUTE_CF)
    assert.match(String(rig.simulator.received.at(-1)!.headers['user-agent']), new RegExp(` ${DOCTOR_CF}/`))
    const byTitolare = await rig.plugin.cancel(sent.nre!, doctor())
    assert.equal(byTitolare.messages[0].code, '1125')
    // The titolare's used-NRE list shows it.
    assert.deepEqual((await rig.plugin.usedNre(doctor(), { nre: sent.nre! })).map((r) => r.nre), [sent.nre])
    assert.equal((await rig.plugin.cancel(sent.nre!, ctx)).status, 'cancelled')

    const stranger = doctor({ substituteFiscalCode: OTHER_DOCTOR_CF })
    const check = await rig.plugin.checkSubstitute(stranger)
    assert.isFalse(check.enabled)
    assert.match(check.message, /non risulta abilitato/)
    const error = await rig.plugin.send(prescription(), stranger).catch((e) => e)
    assert.equal(rig.plugin.classify(error), 'auth')
    assert.equal(error.message, 'Il codice fiscale del medico sostituto non risulta attivo presso il servizio.')
  })

  test('mutual TLS: no card or an unknown card is refused, at the gateway or in the handshake; nothing registered', async ({ assert, cleanup }) => {
    const rig = await fvgRig()
    cleanup(() => rig.stop())
    const bare = await new Promise<number>((resolve, reject) => {
      const request = https.request(`${rig.simulator.url}/SARWs/InvioPrescrittoSecure`, { method: 'POST', ca: tlsMaterial().ca.cert }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      request.on('error', reject)
      request.end('<x/>')
    })
    assert.equal(bare, 403)

    const foreign = createFvgTlsMaterial([DOCTOR_CF])
    const intruder = new FvgPlugin(fvgConfig(rig.simulator.url, { clientIdentity: (cf) => foreign.cards.get(cf) ?? null }))
    cleanup(() => intruder.close())
    const refused = await intruder.send(prescription(), doctor()).catch((e) => e)
    assert.equal(intruder.classify(refused), 'auth')
    assert.equal(refused.message, 'Il SAR del Friuli Venezia Giulia ha rifiutato la carta o il prodotto (HTTP 403).')

    const strict = await fvgRig({ refuseAtHandshake: true })
    cleanup(() => strict.stop())
    const cardless = new FvgPlugin(fvgConfig(strict.simulator.url, { clientIdentity: () => ({ cert: '', key: '' }) }))
    cleanup(() => cardless.close())
    const alert = await cardless.view('0600A1100000001', doctor()).catch((e) => e)
    assert.equal(cardless.classify(alert), 'auth')
    assert.match(alert.message, /rifiutato il certificato della carta del medico \(ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED\)/)

    // Par. 2.2: the card in use must be the signing doctor's; checked before anything leaves.
    const wrongCard = new FvgPlugin(fvgConfig(rig.simulator.url, { clientIdentity: () => tlsMaterial().cards.get(OTHER_DOCTOR_CF)! }))
    cleanup(() => wrongCard.close())
    const local = await wrongCard.send(prescription(), doctor()).catch((e) => e)
    assert.equal(wrongCard.classify(local), 'auth')
    assert.match(local.message, /^La carta configurata è del medico/)
    assert.equal(rig.simulator.stats.registered + strict.simulator.stats.registered, 0)
    assert.equal(rig.simulator.stats.calls, 0)
  })

  test('a product code Insiel did not accredit stops with a credentials error', async ({ assert, cleanup }) => {
    const rig = await fvgRig({}, { product: { code: 'ALTRO', version: '2.0' } })
    cleanup(() => rig.stop())
    const error = await rig.plugin.send(prescription(), doctor()).catch((e) => e)
    assert.equal(rig.plugin.classify(error), 'auth')
    assert.match(error.message, /Prodotto CME ALTRO non accreditato/)
    const check = await rig.plugin.testCredentials(doctor())
    assert.isFalse(check.ok)
    assert.match(check.message, /non accreditato/)
  })

  test('the regional schema refuses an envelope with empty tags the way the SAC writes them', async ({ assert, cleanup }) => {
    const rig = await fvgRig()
    cleanup(() => rig.stop())
    const sacLike = { ...fvgDialect(PRODUCT), emptyTags: 'all' as const }
    const xml = buildSendRequest(sacLike, sendFields(prescription(), doctor(), { pinCode: '', codiceAss: '' }))
    const client = new FvgClient(fvgConfig(rig.simulator.url))
    cleanup(() => client.close())
    const reply = await client.call('invio', xml, doctor())
    assert.equal(reply.status, 500)
    const fault = (() => {
      try {
        readSendAnswer(reply.body)
      } catch (error) {
        return error as SacSoapFault
      }
    })()
    assert.instanceOf(fault, SacSoapFault)
    assert.equal(fault!.faultCode, 'env:Client')
    assert.match(fault!.faultString, /^cvc-minLength-valid: Value '' .* for type 'cfMedico2Type'/)
    // Through the plugin the same fault is our bug: a schema error, not retried.
    const plugin = new FvgPlugin(fvgConfig(rig.simulator.url))
    cleanup(() => plugin.close())
    const error = await plugin.send(prescription({ tipoRic: 'XYZ' }), doctor()).catch((e) => e)
    assert.equal(plugin.classify(error), 'schema')
    assert.match(error.message, /^Richiesta non conforme allo schema del SAR del Friuli Venezia Giulia: cvc-pattern-valid/)
    assert.equal(rig.simulator.stats.registered, 0)
  })
})

test.group('FVG SAR uncertain outcomes (spec §8)', (group) => {
  group.tap((t) => t.skip(skipUnlessFvg(), 'the FVG adapter loads only with STUDIO_REGION=friuli-venezia-giulia: run in that pass'))

  const sends = (rig: Awaited<ReturnType<typeof fvgRig>>) => rig.simulator.received.filter((r) => r.operation === 'invio').length

  test('lost answer (502 after registering): the copy is found by the used-NRE query and adopted', async ({ assert, cleanup }) => {
    const rig = await fvgRig()
    cleanup(() => rig.stop())
    rig.simulator.script.push('lost')
    const p = prescription()
    const outcome = await rig.plugin.send(p, doctor())
    assert.equal(outcome.status, 'accepted')
    assert.equal(sends(rig), 1)
    assert.deepEqual(rig.simulator.received.map((r) => r.operation), ['invio', 'interrogaNre', 'visualizza'])
    const query = bodyOf(rig.simulator.received[1].body)
    // dataCompilazione ± 2 minutes, of the same kind.
    assert.equal(text(query, 'tipoPrescr'), 'F')
    const [date, time] = p.compiledAt.split(' ')
    const [h, m, s] = time.split(':').map(Number)
    const at = (minutes: number) => {
      const total = h * 3600 + (m + minutes) * 60 + s
      const pad = (n: number) => String(n).padStart(2, '0')
      return `${date} ${pad(Math.floor(total / 3600))}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}`
    }
    assert.equal(text(query, 'dataCompilazioneRicettaDal'), at(-2))
    assert.equal(text(query, 'dataCompilazioneRicettaAl'), at(2))
    const mine = rig.simulator.active().filter((r) => r.compiledAt === p.compiledAt)
    assert.lengthOf(mine, 1)
    assert.equal(mine[0].nre, outcome.nre)
    assert.equal(outcome.authCode, mine[0].authCode)
  })

  test('timeout before registering and the SAR still down: uncertain; the next attempt reconciles, then sends once', async ({ assert, cleanup }) => {
    const rig = await fvgRig({ hangMs: 1_500 }, { timeoutMs: 500 })
    cleanup(() => rig.stop())
    rig.simulator.script.push('timeout', '503')
    const p = prescription()
    const first = await rig.plugin.send(p, doctor())
    assert.equal(first.status, 'uncertain')
    assert.match(first.messages[0].text, /^Il SAR del Friuli Venezia Giulia non ha risposto entro 0,5 secondi: esito incerto\. Prima di un nuovo invio/)
    assert.equal(rig.simulator.stats.registered, 0)
    const second = await rig.plugin.send(p, doctor())
    assert.equal(second.status, 'accepted')
    assert.deepEqual(rig.simulator.received.map((r) => r.operation), ['invio', 'interrogaNre', 'interrogaNre', 'invio'])
    assert.lengthOf(rig.simulator.active().filter((r) => r.compiledAt === p.compiledAt), 1)
  })

  test('timeout after registering, 504 on the check: the prescription waits; reconcile later adopts its NRE', async ({ assert, cleanup }) => {
    const rig = await fvgRig({ hangMs: 1_500 }, { timeoutMs: 500 })
    cleanup(() => rig.stop())
    rig.simulator.script.push('lost-timeout', '504')
    const p = prescription()
    const outcome = await rig.plugin.send(p, doctor())
    assert.equal(outcome.status, 'uncertain')
    const adopted = await rig.plugin.reconcile(p, doctor())
    assert.equal(adopted?.status, 'accepted')
    const mine = rig.simulator.active().filter((r) => r.compiledAt === p.compiledAt)
    assert.lengthOf(mine, 1)
    assert.equal(mine[0].nre, adopted!.nre)
    // Reconciled: a further send would not look again, and another prescription finds nothing.
    assert.isNull(await rig.plugin.reconcile(prescription(), doctor()))
    assert.equal(sends(rig), 1)
  })

  test('connection reset after registering, and a SOAP Fault from the server: uncertain, never sent twice', async ({ assert, cleanup }) => {
    const rig = await fvgRig()
    cleanup(() => rig.stop())
    rig.simulator.script.push('reset')
    const p = prescription()
    const reset = await rig.plugin.send(p, doctor())
    assert.equal(reset.status, 'accepted')
    assert.equal(sends(rig), 1)
    rig.simulator.script.push('500', '500')
    const q = prescription()
    const fault = await rig.plugin.send(q, doctor())
    assert.equal(fault.status, 'uncertain')
    assert.equal(rig.simulator.stats.registered, 1)
    assert.equal((await rig.plugin.send(q, doctor())).status, 'accepted')
    assert.equal(rig.simulator.stats.registered, 2)
  })

  test('503 from the gateway: surely not processed, a transport error with no reconciliation', async ({ assert, cleanup }) => {
    const rig = await fvgRig()
    cleanup(() => rig.stop())
    rig.simulator.script.push('503')
    const error = await rig.plugin.send(prescription(), doctor()).catch((e) => e)
    assert.equal(rig.plugin.classify(error), 'transport')
    assert.isFalse(error.uncertain)
    assert.equal(error.message, 'Il SAR del Friuli Venezia Giulia non è disponibile (HTTP 503).')
    assert.deepEqual(rig.simulator.received.map((r) => r.operation), ['invio'])
  })
})
