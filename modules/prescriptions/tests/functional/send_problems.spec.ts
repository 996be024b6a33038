import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import * as cheerio from 'cheerio'
import { waitFor } from '#tests/unit/jobs/support/test_jobs'
import { preparePrescription } from '../../services/prepare_prescription.js'
import { validateAndSend } from '../../services/validate_and_send.js'
import { AIC, prescriptionsSetup, state, studio } from '../support/setup.js'

const BAR1 = '120' + String(DateTime.now().setZone('Europe/Rome').year % 100).padStart(2, '0')

async function prepared(staff: any, patientId: number, codes = [AIC.augmentin]) {
  const result = await preparePrescription(staff, { patientId, content: 'drug', items: codes.map((code) => ({ code, quantity: 1 })) })
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  return result.ids
}

const row = (id: number) => db.from('prescriptions').where('id', id).first()
const waitState = (id: number, wanted: string) => waitFor(async () => ((await row(id))?.state === wanted ? row(id) : null))
const problemsOf = async (client: any, user: any, doctorId: number) => cheerio.load((await client.get(`/gestione-studio?medico=${doctorId}`).loginAs(user)).text())

test.group('Gestione Studio: sendings that did not succeed', (group) => {
  group.each.setup(prescriptionsSetup())

  test('a failed sending is offered at once its ways out: retry, red prescription, cancel and redo', async ({ client, assert }) => {
    const { doctor, staff, patient } = await studio()
    const [rejected] = await prepared(staff, patient.id)
    const [waiting] = await prepared(staff, patient.id, [AIC.abigerd])
    const [fine] = await prepared(staff, patient.id, [AIC.abesart150])
    state.plugin.script = ['reject', 'transport', 'accept']
    await validateAndSend(doctor, [rejected, waiting, fine])
    await waitState(rejected, 'REJECTED')
    await waitState(waiting, 'PENDING')
    await waitState(fine, 'ACCEPTED')

    const $ = await problemsOf(client, doctor, doctor.id)
    const panel = $('[data-testid="send-problems"]')
    assert.include(panel.find('h2').text(), 'Invii non riusciti: 2')
    assert.lengthOf(panel.find(`li[data-problem-id="${fine}"]`), 0, 'an accepted one is not a problem')

    const refused = panel.find(`li[data-problem-id="${rejected}"]`)
    assert.include(refused.text(), '5011 Codice esenzione non valido')
    assert.equal(refused.find('[data-testid="problem-red"]').attr('href'), `/gestione-studio/${rejected}/ricetta-rossa`)
    assert.equal(refused.find('[data-cancel]').attr('data-cancel'), String(rejected))
    assert.lengthOf(refused.find('[data-testid="red-suggested"]'), 0)

    const pending = panel.find(`li[data-problem-id="${waiting}"]`)
    assert.include(pending.text(), 'Servizio non raggiungibile')
    assert.equal(pending.find('[data-testid="problem-retry"]').attr('formaction'), `/gestione-studio/${waiting}/riprova`)
    assert.equal(panel.is('form') && panel.attr('method'), 'POST', 'the retry buttons post with the panel\'s CSRF token')
    assert.lengthOf(panel.find('input[name="_csrf"]'), 1)

    // Staff see why, without the doctor's buttons.
    const desk = (await problemsOf(client, staff, doctor.id))('[data-testid="send-problems"]')
    assert.include(desk.text(), '5011')
    assert.lengthOf(desk.find('[data-testid="problem-red"], [data-testid="problem-retry"], [data-cancel]'), 0)

    // The recommended way for a rejected one: cancel it (nothing exists at the service) and redo it.
    const cancelled = await client.post(`/gestione-studio/${rejected}/cancella`).form({ reason: 'Esenzione da correggere' }).withCsrfToken().loginAs(doctor).redirects(0)
    assert.equal(cancelled.status(), 302)
    assert.equal((await row(rejected)).state, 'CANCELLED')
    const after = (await problemsOf(client, doctor, doctor.id))('[data-testid="send-problems"]')
    assert.include(after.find('h2').text(), 'Invii non riusciti: 1')
  })

  test('when the service says to use the red pad, that is proposed first, and the rejected prescription prints red', async ({ client, assert }) => {
    const { doctor, staff, patient } = await studio()
    const [id] = await prepared(staff, patient.id)
    state.plugin.script = ['downgrade']
    await validateAndSend(doctor, [id])
    const rejected = await waitState(id, 'REJECTED')
    assert.isTrue(Boolean(Number(rejected.red_suggested)))

    const $ = await problemsOf(client, doctor, doctor.id)
    const item = $(`[data-testid="send-problems"] li[data-problem-id="${id}"]`)
    assert.include(item.find('[data-testid="red-suggested"]').text(), 'ricetta rossa')
    assert.include(item.find('[data-testid="problem-red"]').attr('class')!, 'primary')
    assert.include(item.text(), '060125')

    const saved = await client.post('/gestione-studio/ricettari').form({ printer_name: 'Ambulatorio 1', first_sheet: `${BAR1}1234567008`, direction: 'ascending' }).withCsrfToken().loginAs(doctor).redirects(0)
    assert.equal(saved.status(), 302)
    const pad = await db.from('red_pads').first()
    const printed = await client.post(`/gestione-studio/${id}/ricetta-rossa`).form({ pad_id: String(pad.id) }).withCsrfToken().loginAs(doctor).redirects(0)
    assert.equal(printed.status(), 302)
    const red = await row(id)
    assert.equal(red.kind, 'ROSSA')
    assert.equal(red.red_code, `${BAR1}1234567008`)
    const events = await db.from('prescription_events').where('prescription_id', id).orderBy('id').select('event', 'from_state', 'to_state')
    assert.deepInclude(events, { event: 'print_red', from_state: 'REJECTED', to_state: 'SENDING' })
    const transmission = await db.from('red_transmissions').where('prescription_id', id).first()
    assert.exists(transmission, 'the data of the red sheet is queued for the MEF')
    const panel = (await problemsOf(client, doctor, doctor.id))('[data-testid="send-problems"]')
    assert.lengthOf(panel.find(`li[data-problem-id="${id}"]`), 0, 'no longer a problem once printed red')
  })

  test('many failed sendings: the newest five with their buttons, and how many more there are', async ({ client, assert }) => {
    const { doctor, staff, patient } = await studio()
    const ids: number[] = []
    for (let i = 0; i < 7; i++) ids.push(...(await prepared(staff, patient.id)))
    state.plugin.script = ids.map(() => 'reject' as const)
    await validateAndSend(doctor, ids)
    for (const id of ids) await waitState(id, 'REJECTED')
    const panel = (await problemsOf(client, doctor, doctor.id))('[data-testid="send-problems"]')
    assert.include(panel.find('h2').text(), 'Invii non riusciti: 7')
    assert.lengthOf(panel.find('li[data-problem-id]'), 5)
    assert.include(panel.find('[data-testid="problems-more"]').text(), 'Altre 2 non inviate')
  })
})
