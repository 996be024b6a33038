import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import * as cheerio from 'cheerio'
import { createUser } from '#tests/helpers/factories'
import { binaryGet } from '#tests/helpers/binary_download'
import { waitFor } from '#tests/unit/jobs/support/test_jobs'
import { preparePrescription } from '../../services/prepare_prescription.js'
import { validateAndSend } from '../../services/validate_and_send.js'
import { sendPrescription } from '../../services/send_prescription.js'
import { AIC, prescriptionsSetup, state, studio } from '../support/setup.js'

async function prepared(staff: any, patientId: number, codes = [AIC.augmentin]) {
  const result = await preparePrescription(staff, { patientId, content: 'drug', items: codes.map((code) => ({ code, quantity: 1 })) })
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  return result.ids
}

const row = (id: number) => db.from('prescriptions').where('id', id).first()
const stateOf = async (id: number) => (await row(id))?.state
const waitState = (id: number, wanted: string) => waitFor(async () => ((await stateOf(id)) === wanted ? row(id) : null))

test.group('Gestione Studio', (group) => {
  group.each.setup(prescriptionsSetup())

  test('staff prepare (letter C, waiting); the doctor sees the banner and the rows; Invia validates and sends', async ({ client, assert }) => {
    const { doctor, staff, patient } = await studio()
    const [id] = await prepared(staff, patient.id)
    assert.equal(await stateOf(id), 'AWAITING_VALIDATION')

    const banner = await client.get('/gestione-studio/avviso').loginAs(doctor)
    assert.include(cheerio.load(banner.text())('[data-testid="waiting-banner"]').text(), "C'è 1 prescrizione in attesa")
    assert.equal((await client.get('/gestione-studio/avviso').loginAs(staff)).text(), '')

    const page = await client.get(`/gestione-studio?medico=${doctor.id}&filtro=nuove`).loginAs(doctor)
    const $ = cheerio.load(page.text())
    const tr = $(`tr[data-prescription-id="${id}"]`)
    assert.equal(tr.find('.letter').text(), 'C')
    assert.equal(tr.attr('data-state'), 'AWAITING_VALIDATION')
    assert.include(tr.text(), 'ABBA')

    const sent = await client.post('/gestione-studio/invia').form({ ids: [String(id)] }).withCsrfToken().loginAs(doctor).redirects(0)
    assert.include(String(sent.flashMessages().success), '1 prescrizione validata e in invio.')
    const done = await waitState(id, 'ACCEPTED')
    assert.equal(done.validated_by_user_id, doctor.id)
    assert.equal((await client.get('/gestione-studio/avviso').loginAs(doctor)).text(), '')
    const events = await db.from('prescription_events').where('prescription_id', id).orderBy('id').select('to_state')
    assert.deepEqual(events.map((e) => e.to_state), ['AWAITING_VALIDATION', 'VALIDATED', 'SENDING', 'ACCEPTED'])
  })

  test('staff cannot validate; another titolare cannot either; a chosen substitute can', async ({ client, assert }) => {
    const { doctor, staff, patient } = await studio()
    const [id] = await prepared(staff, patient.id)
    const refused = await client.post('/gestione-studio/invia').form({ ids: [String(id)] }).withCsrfToken().loginAs(staff).redirects(0)
    assert.include(String(refused.flashMessages().error), 'solo il medico')
    const other = await createUser({ role: 'titolare' })
    const refused2 = await client.post('/gestione-studio/invia').form({ ids: [String(id)] }).withCsrfToken().loginAs(other).redirects(0)
    assert.include(String(refused2.flashMessages().error), 'titolare del paziente')
    assert.equal(await stateOf(id), 'AWAITING_VALIDATION')

    const substitute = await createUser({ role: 'sostituto', fiscalCode: 'BNCLRA85M41F205C' })
    const { saveCredentials } = await import('../../services/credentials.js')
    await saveCredentials(substitute.id, { username: 'BNCLRA85M41F205C', password: 'x', pincode: '0987654321', regionCode: '120', aslCode: '201' })
    await client.post('/gestione-studio/firmatario').form({ titolare_id: String(doctor.id), substitute_id: String(substitute.id) }).withCsrfToken().loginAs(staff).redirects(0)
    const page = cheerio.load((await client.get(`/gestione-studio?medico=${doctor.id}`).loginAs(staff)).text())
    assert.equal(page('[data-testid="signer-select"] option[selected]').attr('value'), String(substitute.id))
    await client.post('/gestione-studio/invia').form({ ids: [String(id)] }).withCsrfToken().loginAs(substitute).redirects(0)
    const done = await waitState(id, 'ACCEPTED')
    assert.equal(done.substitute_id, substitute.id)
    // The substitute's own credentials sign, on the titolare's position.
    assert.equal(state.plugin.received[0].ctx.credentials.pincode, '0987654321')
    assert.equal(state.plugin.received[0].ctx.fiscalCode, 'RSSMRA80A01H501U')
    assert.equal(state.plugin.received[0].ctx.substituteFiscalCode, 'BNCLRA85M41F205C')
  })

  test('two doctors pressing Invia at the same moment send the prescription once', async ({ assert }) => {
    const { doctor, staff, patient } = await studio()
    const associate = await createUser({ role: 'titolare' })
    await db.table('user_associates').insert({ titolare_id: doctor.id, associate_id: associate.id, created_at: new Date() })
    const [id] = await prepared(staff, patient.id)
    const [a, b] = await Promise.all([validateAndSend(doctor, [id]), validateAndSend(associate, [id])])
    assert.equal(a.sent.length + b.sent.length, 1)
    assert.equal(a.refused.length + b.refused.length, 1)
    await waitState(id, 'ACCEPTED')
    assert.lengthOf(state.plugin.received, 1)
  })

  test('Cancella with a reason: cancelled, and the reason is on the staff member\'s page', async ({ client, assert }) => {
    const { doctor, staff, patient } = await studio()
    const [id] = await prepared(staff, patient.id)
    const byStaff = await client.post(`/gestione-studio/${id}/cancella`).form({ reason: 'x' }).withCsrfToken().loginAs(staff).redirects(0)
    assert.include(String(byStaff.flashMessages().error), 'medico')
    await client.post(`/gestione-studio/${id}/cancella`).form({ reason: 'Farmaco già in terapia' }).withCsrfToken().loginAs(doctor).redirects(0)
    assert.equal(await stateOf(id), 'CANCELLED')
    const page = await client.get(`/gestione-studio?medico=${doctor.id}&filtro=annullate`).loginAs(staff)
    const tr = cheerio.load(page.text())(`tr[data-prescription-id="${id}"]`)
    assert.include(tr.find('[data-testid="cancel-reason"]').text(), 'Farmaco già in terapia')
    assert.lengthOf(state.plugin.received, 0)
  })

  test('a sent prescription is cancelled at the service; one already dispensed is refused and stays', async ({ assert }) => {
    const { doctor, staff, patient } = await studio()
    const [first, second] = [...(await prepared(staff, patient.id)), ...(await prepared(staff, patient.id, [AIC.abigerd]))]
    await validateAndSend(doctor, [first, second])
    const a = await waitState(first, 'ACCEPTED')
    const b = await waitState(second, 'ACCEPTED')
    state.plugin.dispensed.add(b.nre)
    const { cancelPrescription } = await import('../../services/cancel_prescription.js')
    assert.deepEqual(await cancelPrescription(doctor, first, 'Errore di dosaggio'), { ok: true, remote: true })
    await waitState(first, 'CANCELLED')
    assert.deepEqual(state.plugin.cancelled, [a.nre])
    await cancelPrescription(doctor, second, null)
    await waitState(second, 'ACCEPTED')
    const refusal = await db.from('prescription_events').where('prescription_id', second).where('event', 'cancel_refused').first()
    assert.include(refusal.note, 'erogazione')
  })

  test('a rejection keeps the service messages; a network failure leaves it waiting and a retry finds the copy the service kept', async ({ client, assert }) => {
    const { doctor, staff, patient } = await studio()
    const [rejected, uncertain] = [...(await prepared(staff, patient.id)), ...(await prepared(staff, patient.id, [AIC.abigerd]))]
    state.plugin.script = ['reject', 'uncertain']
    await validateAndSend(doctor, [rejected])
    await waitState(rejected, 'REJECTED')
    const panel = await client.get(`/gestione-studio/${rejected}`).loginAs(staff)
    assert.include(cheerio.load(panel.text())('[data-testid="service-messages"]').text(), '5011')

    await validateAndSend(doctor, [uncertain])
    const pending = await waitState(uncertain, 'PENDING')
    assert.include(pending.last_transport_error, 'Servizio non raggiungibile')
    // The retry (here run at once) reconciles: same compilation time, no second send.
    await sendPrescription(uncertain)
    const after = await row(uncertain)
    assert.equal(after.state, 'ACCEPTED')
    assert.equal(after.compiled_at, pending.compiled_at)
    assert.lengthOf(state.plugin.received.filter((r) => r.prescription.localId === uncertain), 1)
  })

  test('without a region plugin or without credentials the prescription waits, with the reason shown', async ({ assert }) => {
    const { doctor, staff, patient } = await studio()
    const { replaceDematPlugin } = await import('#services/demat/plugins')
    const plugin = replaceDematPlugin(null)
    try {
      const [id] = await prepared(staff, patient.id)
      await validateAndSend(doctor, [id])
      const waiting = await waitState(id, 'PENDING')
      assert.include(waiting.last_transport_error, 'Nessun servizio regionale')
    } finally {
      replaceDematPlugin(plugin)
    }
    await db.from('demat_credentials').where('user_id', doctor.id).delete()
    const [id2] = await prepared(staff, patient.id)
    await validateAndSend(doctor, [id2])
    const noCredentials = await waitState(id2, 'PENDING')
    assert.include(noCredentials.last_transport_error, 'credenziali')
  })

  test('promemoria: printed from the row (then delivered) and the selected ones as one zip', async ({ client, assert }) => {
    const { doctor, staff, patient } = await studio()
    const ids = [...(await prepared(staff, patient.id)), ...(await prepared(staff, patient.id, [AIC.abigerd]))]
    await validateAndSend(doctor, ids)
    await Promise.all(ids.map((id) => waitState(id, 'ACCEPTED')))
    const pdf = await binaryGet(client, `/gestione-studio/${ids[0]}/promemoria`, staff)
    pdf.assertStatus(200)
    assert.equal((pdf.body() as Buffer).subarray(0, 5).toString(), '%PDF-')
    assert.equal(await stateOf(ids[0]), 'DELIVERED')

    const zipResponse = await client.post('/gestione-studio/stampa').form({ ids: ids.map(String) }).withCsrfToken().loginAs(staff)
    zipResponse.assertStatus(200)
    assert.equal(zipResponse.header('content-type'), 'application/zip')
  })

  test('the remote validation page lists what waits for the doctor; Invia tutti sends them; staff see the counters', async ({ client, assert }) => {
    const { doctor, staff, patient } = await studio()
    const ids = [...(await prepared(staff, patient.id)), ...(await prepared(staff, patient.id, [AIC.abigerd]))]
    const page = await client.get('/gestione-studio/remota').loginAs(doctor)
    const $ = cheerio.load(page.text())
    assert.lengthOf($('[data-testid="remote-list"] li[data-prescription-id]'), 2)
    await client.post('/gestione-studio/invia').form({ ids: ids.map(String) }).withCsrfToken().loginAs(doctor).redirects(0)
    await Promise.all(ids.map((id) => waitState(id, 'ACCEPTED')))
    const counters = cheerio.load((await client.get(`/gestione-studio/remota?medico=${doctor.id}`).loginAs(staff)).text())
    assert.equal(counters('[data-counter="validated"]').text(), '2')
    assert.equal(counters('[data-counter="waiting"]').text(), '0')
    const audited = await db.from('audit_logs').where('entity', 'prescription').where('action', 'update').count('* as n').first()
    assert.isAbove(Number(audited.n), 3)
  })

  test('the administrator has no access to Gestione Studio', async ({ client }) => {
    const admin = await createUser({ role: 'admin' })
    ;(await client.get('/gestione-studio').loginAs(admin)).assertStatus(403)
  })

  test("a busy day is shown 100 at a time with the day's total, newest first", async ({ client, assert }) => {
    const { doctor, staff, patient } = await studio()
    const sql = (ms: number) => new Date(Date.now() - ms).toISOString().slice(0, 19).replace('T', ' ')
    const rows = Array.from({ length: 130 }, (_, i) => ({
      kind: 'DEM_FARMACEUTICA', state: 'AWAITING_VALIDATION', patient_id: patient.id, prescriber_id: doctor.id, prepared_by_user_id: staff.id,
      group_key: `g${i}`, group_index: 1, group_size: 1, obscured: false, not_exempt: true, income_exempt: false, visit_type: 'A', delivery: 'print',
      awaiting_print: false, attempts: 0, created_at: sql((130 - i) * 1000), updated_at: sql(0),
    }))
    await db.table('prescriptions').multiInsert(rows)
    const first = cheerio.load((await client.get(`/gestione-studio?medico=${doctor.id}`).loginAs(doctor)).text())
    assert.lengthOf(first('tr[data-prescription-id]'), 100)
    assert.include(first('#day-list').text(), 'Pagina 1 di 2')
    const second = cheerio.load((await client.get(`/gestione-studio?medico=${doctor.id}&pagina=2`).loginAs(doctor)).text())
    assert.lengthOf(second('tr[data-prescription-id]'), 30)
    const firstIds = first('tr[data-prescription-id]').map((_, el) => Number(first(el).attr('data-prescription-id'))).get()
    assert.isAbove(firstIds[0], firstIds[99])
    // A page past the end (the day shrank since the link was made) shows the last one.
    const past = cheerio.load((await client.get(`/gestione-studio?medico=${doctor.id}&pagina=9`).loginAs(doctor)).text())
    assert.lengthOf(past('tr[data-prescription-id]'), 30)
    assert.include(past('#day-list').text(), 'Pagina 2 di 2')
    assert.include(past('[data-testid="day-count"]').text(), '101–130 di 130')
  })

  test('Verifica erogazione: taken in charge, then dispensed, as the service says', async ({ client, assert }) => {
    const { doctor, staff, patient } = await studio()
    const [id] = await prepared(staff, patient.id)
    await validateAndSend(doctor, [id])
    const sent = await waitState(id, 'ACCEPTED')
    const first = await client.post(`/gestione-studio/${id}/verifica`).withCsrfToken().loginAs(staff).redirects(0)
    assert.include(String(first.flashMessages().success), 'da erogare')
    assert.equal(await stateOf(id), 'ACCEPTED')
    state.plugin.statuses.set(sent.nre, '5')
    await client.post(`/gestione-studio/${id}/verifica`).withCsrfToken().loginAs(staff).redirects(0)
    assert.equal(await stateOf(id), 'DISPENSING')
    state.plugin.statuses.set(sent.nre, '8')
    const { checkDispensingOfRecent } = await import('../../services/check_dispensing.js')
    assert.deepEqual(await checkDispensingOfRecent(), { checked: 1, of: 1 })
    assert.equal(await stateOf(id), 'DISPENSED')
    const { cancelPrescription } = await import('../../services/cancel_prescription.js')
    const refused = await cancelPrescription(doctor, id, null)
    assert.isFalse(refused.ok)
  })

  test('an answer that cannot be recorded leaves the prescription waiting, and the retry adopts the copy the service kept', async ({ assert }) => {
    const { doctor, staff, patient } = await studio()
    const [id] = await prepared(staff, patient.id)
    // The service accepts, but writing its answer fails (a database hiccup, played by a trigger).
    await db.rawQuery("CREATE TEMP TRIGGER answer_lost BEFORE UPDATE OF state ON prescriptions WHEN NEW.state = 'ACCEPTED' BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END")
    const plugin = state.plugin
    const send = plugin.send.bind(plugin)
    plugin.send = async (p, ctx) => {
      const outcome = await send(p, ctx)
      plugin.kept.set(`${p.compiledAt}|${p.patient.fiscalCode}`, outcome)
      return outcome
    }
    await validateAndSend(doctor, [id])
    const pending = await waitState(id, 'PENDING')
    assert.include(pending.last_transport_error, 'non registrata')
    await db.rawQuery('DROP TRIGGER answer_lost')
    plugin.send = send
    await sendPrescription(id)
    const done = await row(id)
    assert.equal(done.state, 'ACCEPTED')
    assert.lengthOf(plugin.received.filter((r) => r.prescription.localId === id), 1)
  }).skip(db.connection().dialect.name !== 'better-sqlite3' && db.connection().dialect.name !== 'sqlite3', 'the failure is played by a SQLite temporary trigger')
})
