import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { binaryGet } from '#tests/helpers/binary_download'
import { waitFor } from '#tests/unit/jobs/support/test_jobs'
import { pdfPages } from '#tests/helpers/pdf_inspect'
import { AIC, prescriptionRows, prescriptionsSetup, state, studio } from '../support/setup.js'

const form = (family: string, quantity = '1') => ({ content: 'drug', family, delivery: 'sms', 'items[0][code]': AIC.augmentin, 'items[0][quantity]': quantity, 'items[0][posology]': '1 compressa ogni 12 ore' })

test.group('white prescriptions (non-SSN)', (group) => {
  group.each.setup(prescriptionsSetup())

  test('Fascia C electronic: sent to the NRBE service, NRBE and PIN stored (PIN encrypted), NRBE and PIN by SMS with the PIN masked in the log', async ({ client, assert }) => {
    const { doctor, patient } = await studio()
    await client.post(`/pazienti/${patient.id}/prescrizioni`).form(form('white_electronic')).withCsrfToken().loginAs(doctor).redirects(0)
    const [row] = await waitFor(async () => {
      const rows = await prescriptionRows(patient.id)
      return rows.length === 1 && rows[0].state === 'DELIVERED' ? rows : null
    })
    assert.equal(row.kind, 'BIANCA_ELETTRONICA')
    assert.match(row.nre, /^A\d{11}$/)
    assert.notInclude(row.pin_encrypted, 'K7P2Q')
    const sms = await waitFor(() => db.from('sms_messages').where('purpose', 'nrbe').first())
    assert.include(sms.text, row.nre)
    assert.notInclude(sms.text, 'K7P2Q')
    // White prescriptions are not split by the SSN pack limits.
    assert.lengthOf(state.plugin.received, 1)
    const pdf = await binaryGet(client, `/gestione-studio/${row.id}/promemoria`, doctor)
    pdf.assertStatus(200)
    assert.lengthOf(pdfPages(pdf.body() as Buffer), 1)
  })

  test('a region without the NRBE service keeps the prescription waiting, with the reason', async ({ client, assert }) => {
    const { doctor, patient } = await studio()
    state.plugin.sendWhite = undefined
    await client.post(`/pazienti/${patient.id}/prescrizioni`).form(form('white_electronic')).withCsrfToken().loginAs(doctor).redirects(0)
    const [row] = await waitFor(async () => {
      const rows = await prescriptionRows(patient.id)
      return rows.length === 1 && rows[0].state === 'PENDING' ? rows : null
    })
    assert.include(row.last_transport_error, 'ricetta bianca elettronica')
  })

  test('an uncertain answer for a white electronic one is not resent blindly: it waits for the doctor to check', async ({ client, assert }) => {
    const { doctor, patient } = await studio()
    let calls = 0
    state.plugin.sendWhite = async () => {
      calls++
      return { status: 'uncertain', messages: [] }
    }
    await client.post(`/pazienti/${patient.id}/prescrizioni`).form(form('white_electronic')).withCsrfToken().loginAs(doctor).redirects(0)
    const [row] = await waitFor(async () => {
      const rows = await prescriptionRows(patient.id)
      return rows.length === 1 && rows[0].state === 'PENDING' ? rows : null
    })
    assert.include(row.last_transport_error, 'Verifichi sul portale del Sistema TS')
    // No automatic retry: the job stopped (a retry would have called the service again).
    await new Promise((resolve) => setTimeout(resolve, 300))
    assert.equal(calls, 1)
    const failed = await db.from('failed_jobs').where('job_name', 'prescriptions.send').orderBy('id', 'desc').first()
    assert.exists(failed, 'the stopped job is listed with the failed ones')
  })

  test('private white prescription on paper: never sent, printed as soon as validated', async ({ client, assert }) => {
    const { doctor, patient } = await studio()
    await client.post(`/pazienti/${patient.id}/prescrizioni`).form({ ...form('white_paper', '4'), delivery: 'print' }).withCsrfToken().loginAs(doctor).redirects(0)
    const [row] = await waitFor(async () => {
      const rows = await prescriptionRows(patient.id)
      return rows.length === 1 && Number(rows[0].awaiting_print) ? rows : null
    })
    assert.equal(row.kind, 'BIANCA')
    assert.lengthOf(state.plugin.received, 0)
    const pdf = await binaryGet(client, `/gestione-studio/${row.id}/promemoria`, doctor)
    pdf.assertStatus(200)
    assert.equal((pdf.body() as Buffer).subarray(0, 5).toString(), '%PDF-')
  })
})
