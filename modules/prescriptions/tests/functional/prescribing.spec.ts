import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import * as cheerio from 'cheerio'
import { waitFor } from '#tests/unit/jobs/support/test_jobs'
import { AIC, prescriptionRows, prescriptionsSetup, state, studio } from '../support/setup.js'

function drugForm(items: Array<Record<string, string>>, extra: Record<string, string> = {}) {
  const form: Record<string, string> = { content: 'drug', delivery: 'print', ...extra }
  items.forEach((item, i) => {
    for (const [k, v] of Object.entries(item)) form[`items[${i}][${k}]`] = v
  })
  return form
}

const accepted = (patientId: number, n: number) =>
  waitFor(async () => {
    const rows = await prescriptionRows(patientId)
    return rows.length === n && rows.every((r) => r.state === 'ACCEPTED') ? rows : null
  })

test.group('prescribing from the chart', (group) => {
  group.each.setup(prescriptionsSetup())

  test('a doctor prescribes three drugs: split into two prescriptions, validated, sent, NRE stored', async ({ client, assert }) => {
    const { doctor, patient } = await studio()
    const response = await client
      .post(`/pazienti/${patient.id}/prescrizioni`)
      .form(drugForm([{ code: AIC.augmentin, quantity: '1' }, { code: AIC.abesart150, quantity: '1' }, { code: AIC.abigerd, quantity: '1', posology: '1 compressa al giorno', continuative: '1' }]))
      .withCsrfToken()
      .loginAs(doctor)
      .redirects(0)
    response.assertStatus(302)
    assert.include(String(response.flashMessages().success), '2 prescrizioni')
    const rows = await accepted(patient.id, 2)
    assert.deepEqual(rows.map((r) => [r.group_index, r.group_size]), [[1, 2], [2, 2]])
    assert.isTrue(rows.every((r) => /^1200A\d{10}$/.test(r.nre) && r.auth_code && r.compiled_at))
    assert.lengthOf(state.plugin.received, 2)
    assert.deepEqual(state.plugin.received[0].prescription.items.map((i) => i.code), [AIC.augmentin, AIC.abesart150])
    assert.equal(state.plugin.received[0].ctx.credentials.pincode, '1234567890')
    assert.isTrue(rows.every((r) => Boolean(Number(r.awaiting_print))))
    const items = await db.from('prescription_items').where('prescription_id', rows[1].id)
    assert.equal(items[0].posology, '1 compressa al giorno')
    assert.isTrue(Boolean(Number(items[0].continuative)))
  })

  test('bad input is explained next to the field and nothing is stored', async ({ client, assert }) => {
    const { doctor, patient } = await studio()
    const badAic = await client.post(`/pazienti/${patient.id}/prescrizioni`).form(drugForm([{ code: '012745094', quantity: '1' }])).withCsrfToken().loginAs(doctor).redirects(0)
    assert.match((badAic.flashMessages() as any).inputErrorsBag['items.0.code'][0], /AIC non valido/)
    const unknown = await client.post(`/pazienti/${patient.id}/prescrizioni`).form(drugForm([{ code: '012745093', quantity: '1' }])).withCsrfToken().loginAs(doctor).redirects(0)
    assert.match((unknown.flashMessages() as any).inputErrorsBag['items.0.code'][0], /non è nel prontuario/)
    const tooMany = await client.post(`/pazienti/${patient.id}/prescrizioni`).form(drugForm([{ code: AIC.augmentin, quantity: '5' }])).withCsrfToken().loginAs(doctor).redirects(0)
    assert.match((tooMany.flashMessages() as any).inputErrorsBag['items.0.quantity'][0], /confezion/)
    const noQuestion = await client
      .post(`/pazienti/${patient.id}/prescrizioni`)
      .form({ content: 'service', 'items[0][code]': '89.7', 'items[0][quantity]': '1', priority: 'B' })
      .withCsrfToken()
      .loginAs(doctor)
      .redirects(0)
    assert.include((noQuestion.flashMessages() as any).inputErrorsBag.diagnosis_text[0], 'quesito diagnostico')
    assert.lengthOf(await prescriptionRows(patient.id), 0)
    // What was typed comes back in the form.
    const page = await client.get(`/pazienti/${patient.id}/prescrizioni`).withFlashMessages(tooMany.flashMessages()).loginAs(doctor)
    assert.equal(cheerio.load(page.text())('input[name="items[0][code]"]').val(), AIC.augmentin)
  })

  test('a specialist request with priority and question is sent as one prescription', async ({ client, assert }) => {
    const { doctor, patient } = await studio()
    await client
      .post(`/pazienti/${patient.id}/prescrizioni`)
      .form({ content: 'service', 'items[0][code]': '89.7', 'items[0][quantity]': '1', priority: 'B', diagnosis_text: 'Dolore toracico da sforzo' })
      .withCsrfToken()
      .loginAs(doctor)
      .redirects(0)
    const [row] = await accepted(patient.id, 1)
    assert.equal(row.kind, 'DEM_SPECIALISTICA')
    assert.equal(state.plugin.received[0].prescription.kind, 'P')
    assert.equal(state.plugin.received[0].prescription.priority, 'B')
    assert.equal(state.plugin.received[0].prescription.diagnosisText, 'Dolore toracico da sforzo')
  })

  test('the promemoria goes by e-mail in clear only once a titolare has allowed it', async ({ client, assert }) => {
    const { doctor, staff, patient } = await studio()
    const clear = drugForm([{ code: AIC.abigerd, quantity: '1' }], { delivery: 'email_clear' })
    const refused = await client.post(`/pazienti/${patient.id}/prescrizioni`).form(clear).withCsrfToken().loginAs(doctor).redirects(0)
    assert.include((refused.flashMessages() as any).inputErrorsBag.delivery[0], 'in chiaro')
    const form = cheerio.load((await client.get(`/pazienti/${patient.id}/prescrizioni`).loginAs(doctor)).text())
    assert.lengthOf(form('select[name="delivery"] option[value="email_clear"]'), 0)

    await client.post('/gestione-studio/impostazioni').form({ email_clear: '1' }).withCsrfToken().loginAs(staff).redirects(0)
    assert.equal((await db.from('settings').where('key', 'prescriptions.email_clear_allowed').first())?.value, undefined)
    await client.post('/gestione-studio/impostazioni').form({ email_clear: '1' }).withCsrfToken().loginAs(doctor).redirects(0)
    const allowed = await client.post(`/pazienti/${patient.id}/prescrizioni`).form(clear).withCsrfToken().loginAs(doctor).redirects(0)
    assert.include(String(allowed.flashMessages().success), '1 prescrizione validata e in invio.')
  })

  test("the patient's only exemption in force is proposed; an expired one is not offered", async ({ client, assert }) => {
    const { doctor, patient } = await studio()
    const at = new Date().toISOString().slice(0, 19).replace('T', ' ')
    await db.table('patient_exemptions').insert({ patient_id: patient.id, created_by: doctor.id, created_at: at, code: '013', valid_to: null })
    await db.table('patient_exemptions').insert({ patient_id: patient.id, created_by: doctor.id, created_at: at, code: 'E01', valid_to: '2020-12-31' })
    const $ = cheerio.load((await client.get(`/pazienti/${patient.id}/prescrizioni`).loginAs(doctor)).text())
    assert.equal($('select[name="exemption_code"] option[selected]').attr('value'), '013')
    assert.lengthOf($('select[name="exemption_code"] option[value="E01"]'), 0)
  })
})
