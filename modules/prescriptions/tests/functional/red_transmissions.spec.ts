import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import db from '@adonisjs/lucid/services/db'
import * as cheerio from 'cheerio'
import { replaceDematPlugin } from '#services/demat/plugins'
import { binaryGet } from '#tests/helpers/binary_download'
import { waitFor } from '#tests/unit/jobs/support/test_jobs'
import { preparePrescription } from '../../services/prepare_prescription.js'
import { AIC, prescriptionsSetup, state, studio } from '../support/setup.js'

const BAR1 = '120' + String(DateTime.now().setZone('Europe/Rome').year % 100).padStart(2, '0')

async function setUp(client: any) {
  const people = await studio()
  await client
    .post('/gestione-studio/ricettari')
    .form({ printer_name: 'Ambulatorio 1', first_sheet: `${BAR1}1234567008`, direction: 'ascending' })
    .withCsrfToken()
    .loginAs(people.staff)
    .redirects(0)
  const pad = await db.from('red_pads').first()
  return { ...people, padId: pad.id as number }
}

async function printed(client: any, doctor: any, patientId: number, padId: number, codes = [AIC.augmentin]) {
  const result = await preparePrescription(doctor, { patientId, content: 'drug', items: codes.map((code) => ({ code, quantity: 1 })) })
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  const [id] = result.ids
  const response = await client.post(`/gestione-studio/${id}/ricetta-rossa`).form({ pad_id: String(padId) }).withCsrfToken().loginAs(doctor).redirects(0)
  if (response.status() !== 302) throw new Error(`print refused: ${response.status()}`)
  return id as number
}

const transmissionOf = (prescriptionId: number) => db.from('red_transmissions').where('prescription_id', prescriptionId).first()
const settled = (prescriptionId: number, wanted: (t: any) => boolean) =>
  waitFor(async () => {
    const t = await transmissionOf(prescriptionId)
    return t && wanted(t) ? t : null
  })

test.group('Red prescriptions: MEF sending queue and summary', (group) => {
  group.each.setup(prescriptionsSetup())

  test('a region plugin without sendRed: the transmission stays queued with the reason, never sent', async ({ client, assert }) => {
    const { doctor, patient, padId } = await setUp(client)
    state.plugin.sendRed = undefined
    const id = await printed(client, doctor, patient.id, padId)
    const t = await settled(id, (r) => /non trasmette/.test(r.reason ?? ''))
    assert.include(t, { status: 'queued', protocol: null, sent_at: null })
    assert.equal((await db.from('prescriptions').where('id', id).first()).state, 'SENDING')

    const page = await client.get('/gestione-studio/ricettari/invii').loginAs(doctor)
    const $ = cheerio.load(page.text())
    assert.equal($('[data-testid="by-status"] [data-status="queued"] .stat-value').text(), '1')
    assert.equal($('[data-testid="by-status"] [data-status="sent"] .stat-value').text(), '0')
    assert.include($(`tr[data-transmission-id="${t.id}"] [data-testid="reason"]`).text(), 'non trasmette ancora le ricette rosse')
  })

  test('no region plugin at all: queued, with the reason on the state panel of the print', async ({ client, assert }) => {
    const { doctor, patient, padId } = await setUp(client)
    replaceDematPlugin(null)
    const id = await printed(client, doctor, patient.id, padId)
    await settled(id, (r) => /Nessun servizio regionale/.test(r.reason ?? ''))
    const page = await client.get(`/gestione-studio/${id}/ricetta-rossa`).loginAs(doctor)
    const $ = cheerio.load(page.text())
    assert.equal($('[data-testid="transmission"] dd[data-status]').attr('data-status'), 'queued')
    assert.include($('[data-testid="transmission"]').text(), 'Nessun servizio regionale')
  })

  test('sent through the plugin’s sendRed: the protocol is stored and the prescription accepted', async ({ client, assert }) => {
    const { doctor, patient, padId } = await setUp(client)
    const id = await printed(client, doctor, patient.id, padId)
    const t = await settled(id, (r) => r.status === 'sent')
    assert.include(t, { outcome: 'received', protocol: '2026100001', attempts: 1 })
    const [received] = state.plugin.redReceived
    assert.include(received.data, { bar1: BAR1, bar2: '1234567008', kind: 'F', localId: id })
    assert.equal(received.data.patient.fiscalCode, patient.fiscalCode)
    assert.equal(received.ctx.credentials.pincode, '1234567890')
    assert.lengthOf(state.plugin.received, 0, 'nothing went out as a dematerialised prescription')
    const p = await waitFor(async () => {
      const r = await db.from('prescriptions').where('id', id).first()
      return r.state === 'DELIVERED' ? r : null
    })
    assert.equal(p.kind, 'ROSSA')
  })

  test('a network failure leaves it queued and retried; the summary groups the errors by protocol and Riprova sends again', async ({ client, assert }) => {
    const { doctor, patient, padId } = await setUp(client)
    state.plugin.redScript = ['transport', 'reject', 'reject', 'warn']
    const offline = await printed(client, doctor, patient.id, padId)
    const waiting = await settled(offline, (r) => r.status === 'queued' && r.attempts === 1)
    assert.include(waiting.reason, 'Servizio non raggiungibile')

    const first = await printed(client, doctor, patient.id, padId, [AIC.abigerd])
    await settled(first, (r) => r.status === 'error')
    const second = await printed(client, doctor, patient.id, padId, [AIC.abesart150])
    await settled(second, (r) => r.status === 'error')
    const warned = await printed(client, doctor, patient.id, padId, [AIC.abesart300])
    const w = await settled(warned, (r) => r.status === 'sent')
    assert.equal(w.outcome, 'accepted_with_warnings')

    const page = await client.get('/gestione-studio/ricettari/invii').loginAs(doctor)
    const $ = cheerio.load(page.text())
    const groups = $('[data-testid="error-group"]')
      .toArray()
      .map((g) => ({ protocol: $(g).attr('data-protocol'), items: $(g).find('li[data-transmission-id]').length, text: $(g).text() }))
    const rejected = await db.from('red_transmissions').where('status', 'error').orderBy('id')
    assert.deepEqual(
      groups.map((g) => [g.protocol, g.items]),
      [...rejected.map((r) => [r.protocol, 1]), [w.protocol, 1]].sort((a, b) => String(a[0]).localeCompare(String(b[0])))
    )
    assert.include(groups.find((g) => g.protocol === rejected[0].protocol)!.text, 'E103 — Codice esenzione non valido')
    assert.include(groups.find((g) => g.protocol === w.protocol)!.text, 'W021')
    assert.equal($('[data-testid="by-status"] [data-status="error"] .stat-value').text(), '2')
    assert.equal($('[data-testid="by-outcome"] [data-outcome="rejected"] .stat-value').text(), '2')
    // The rejection is on the prescription's own panel too.
    const panel = await db.from('prescriptions').where('id', first).first()
    assert.include(panel.last_transport_error, 'scartata dal MEF')

    const retried = await client.post(`/gestione-studio/ricettari/invii/${rejected[0].id}/riprova`).withCsrfToken().loginAs(doctor).redirects(0)
    assert.include(String(retried.flashMessages().success), 'di nuovo in coda')
    const again = await settled(first, (r) => r.status === 'sent')
    assert.equal(again.attempts, 2)
    // The successful sends also took the one left waiting by the network failure.
    const back = await settled(offline, (r) => r.status === 'sent')
    assert.isAtLeast(back.attempts, 2)
  })

  test('the PDF for the sheet carries the patient, the items and the sheet code in clear', async ({ client, assert }) => {
    const { doctor, patient, padId } = await setUp(client)
    const id = await printed(client, doctor, patient.id, padId)
    const response = await binaryGet(client, `/gestione-studio/${id}/ricetta-rossa/pdf`, doctor)
    assert.equal(response.status(), 200)
    assert.equal(response.header('content-type'), 'application/pdf')
    const text = await pdfText(response.body())
    assert.include(text, `${BAR1} 1234567008`)
    // The codice fiscale is spaced out on the sheet's sixteen boxes.
    assert.include(text.replace(/\s+/g, ''), patient.fiscalCode)
    const item = await db.from('prescription_items').where('prescription_id', id).first()
    assert.include(text, item.equivalence_group ?? item.code)
    // Printing the PDF again takes no new sheet.
    await binaryGet(client, `/gestione-studio/${id}/ricetta-rossa/pdf`, doctor)
    assert.equal((await db.from('red_pads').first()).next_counter, 1)
  }).timeout(60_000)
})

async function pdfText(document: Buffer) {
  const dir = await mkdtemp(join(tmpdir(), 'ricetta-rossa-'))
  try {
    await writeFile(join(dir, 'in.pdf'), document)
    const { stdout } = await promisify(execFile)('pdftotext', ['-layout', join(dir, 'in.pdf'), '-'])
    return stdout
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

test.group('Red prescriptions: the MEF\'s verdict', (group) => {
  group.each.setup(prescriptionsSetup())

  test('Verifica esiti: the later verdict closes accepted files and turns discarded ones into errors', async ({ client, assert }) => {
    const { doctor, patient, padId } = await setUp(client)
    const first = await printed(client, doctor, patient.id, padId)
    const second = await printed(client, doctor, patient.id, padId, [AIC.abigerd])
    const third = await printed(client, doctor, patient.id, padId, [AIC.abesart150])
    const [a, b, c] = await Promise.all([first, second, third].map((id) => settled(id, (r) => r.status === 'sent' && r.outcome === 'received')))
    state.plugin.verdicts.set(a.protocol, 'accept')
    state.plugin.verdicts.set(b.protocol, 'reject')

    let $ = cheerio.load((await client.get('/gestione-studio/ricettari/invii').loginAs(doctor)).text())
    assert.lengthOf($('[data-testid="check-verdicts"]'), 1)
    const checked = await client.post('/gestione-studio/ricettari/invii/esiti').withCsrfToken().loginAs(doctor).redirects(0)
    assert.include(String(checked.flashMessages().success), '3 file, 1 accettati, 1 scartati, 1 ancora in elaborazione')

    assert.include(await transmissionOf(first), { status: 'sent', outcome: 'accepted' })
    const discarded = await transmissionOf(second)
    assert.include(discarded, { status: 'error', outcome: 'rejected', protocol: b.protocol })
    assert.include(discarded.reason, 'E210 Quantità non coerente')
    assert.include((await db.from('prescriptions').where('id', second).first()).last_transport_error, 'Scartata dal MEF')
    assert.include(await transmissionOf(third), { status: 'sent', outcome: 'received', protocol: c.protocol })

    $ = cheerio.load((await client.get('/gestione-studio/ricettari/invii').loginAs(doctor)).text())
    assert.equal($('[data-testid="by-outcome"] [data-outcome="rejected"] .stat-value').text(), '1')
    assert.equal($('[data-testid="by-outcome"] [data-outcome="received"] .stat-value').text(), '1')

    // The scheduled job asks again; a region without the query says so and changes nothing.
    state.plugin.verdicts.set(c.protocol, 'accept')
    const { checkRedVerdicts } = await import('../../services/red/check_red.js')
    assert.include(await checkRedVerdicts(), { supported: true, checked: 1, accepted: 1 })
    state.plugin.checkRed = undefined
    const unsupported = await client.post('/gestione-studio/ricettari/invii/esiti').withCsrfToken().loginAs(doctor).redirects(0)
    assert.include(String(unsupported.flashMessages().error), "non permette di chiedere l'esito")
  })
})

test.group('Red prescriptions: cancelled by the doctor', (group) => {
  group.each.setup(prescriptionsSetup())

  const cancel = (client: any, doctor: any, id: number) =>
    client.post(`/gestione-studio/${id}/cancella`).form({ reason: 'Terapia cambiata' }).withCsrfToken().loginAs(doctor).redirects(0)
  const prescriptionOf = (id: number) => db.from('prescriptions').where('id', id).first()

  test('still in the queue: withdrawn from it and never sent', async ({ client, assert }) => {
    const { doctor, patient, padId } = await setUp(client)
    const sendRed = state.plugin.sendRed
    state.plugin.sendRed = undefined
    const id = await printed(client, doctor, patient.id, padId)
    await settled(id, (r) => r.status === 'queued' && /non trasmette/.test(r.reason ?? ''))
    assert.equal((await prescriptionOf(id)).state, 'SENDING')

    const page = cheerio.load((await client.get(`/gestione-studio?medico=${doctor.id}`).loginAs(doctor)).text())
    assert.lengthOf(page(`tr[data-prescription-id="${id}"] [data-cancel]`), 1, 'the printed red sheet can be cancelled from the list')
    await cancel(client, doctor, id)
    assert.include(await prescriptionOf(id), { state: 'CANCELLED', cancel_reason: 'Terapia cambiata' })
    assert.include(await transmissionOf(id), { status: 'cancelled', sent_at: null })

    // The line is back: the queue is flushed, the cancelled sheet stays out of it.
    state.plugin.sendRed = sendRed
    const { sendAllQueued } = await import('../../services/red/send_red.js')
    await sendAllQueued()
    assert.lengthOf(state.plugin.redReceived, 0)
    assert.equal((await transmissionOf(id)).status, 'cancelled')
  })

  test('already at the MEF: withdrawn through the plugin, or cancelled at the studio with the reason when it cannot be', async ({ client, assert }) => {
    const { doctor, patient, padId } = await setUp(client)
    const first = await printed(client, doctor, patient.id, padId)
    const second = await printed(client, doctor, patient.id, padId, [AIC.abigerd])
    const [a] = await Promise.all([first, second].map((id) => settled(id, (r) => r.status === 'sent')))
    await waitFor(async () => (await prescriptionOf(second)).state === 'DELIVERED')

    assert.equal((await cancel(client, doctor, first)).status(), 302)
    await waitFor(async () => (await prescriptionOf(first)).state === 'CANCELLED')
    assert.deepEqual(state.plugin.redCancelled, [`${a.bar1}${a.bar2}`])
    assert.equal((await transmissionOf(first)).status, 'cancelled')

    state.plugin.cancelRed = undefined
    await cancel(client, doctor, second)
    await waitFor(async () => (await prescriptionOf(second)).state === 'CANCELLED')
    const note = await db.from('prescription_events').where('prescription_id', second).where('event', 'cancel_confirmed').first()
    assert.include(note.note, 'non permette di ritirare i dati già trasmessi al MEF')
    assert.equal((await transmissionOf(second)).status, 'sent', 'the data stays at the MEF, as the page says')
  })
})
