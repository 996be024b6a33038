import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import * as cheerio from 'cheerio'
import { preparePrescription } from '../../services/prepare_prescription.js'
import { AIC, prescriptionsSetup, studio } from '../support/setup.js'

// The doctor's credentials are for region 120; a pad of this year raises no region/year warning.
const BAR1 = '120' + String(DateTime.now().setZone('Europe/Rome').year % 100).padStart(2, '0')
// Pad 1234567: its digits add up to 28, so the parity digit of counter c is (28 + digits of c) mod 10.
const sheet = (counter: string, parity: string) => `${BAR1}1234567${counter}${parity}`

async function prepared(user: any, patientId: number, codes = [AIC.augmentin]) {
  const result = await preparePrescription(user, { patientId, content: 'drug', items: codes.map((code) => ({ code, quantity: 1 })) })
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  return result.ids
}

function newPad(client: any, user: any, form: Record<string, string>) {
  return client.post('/gestione-studio/ricettari').form(form).withCsrfToken().loginAs(user).redirects(0)
}

function printRed(client: any, user: any, id: number, padId: number) {
  return client.post(`/gestione-studio/${id}/ricetta-rossa`).form({ pad_id: String(padId) }).withCsrfToken().loginAs(user).redirects(0)
}

const padRows = () => db.from('red_pads').orderBy('id')
const row = (id: number) => db.from('prescriptions').where('id', id).first()

test.group('Red prescription pads', (group) => {
  group.each.setup(prescriptionsSetup())

  test('a pad is registered from the code of its first sheet, scanned with the asterisks', async ({ client, assert }) => {
    const { staff } = await studio()
    const saved = await newPad(client, staff, { printer_name: ' Ambulatorio  1 ', first_sheet: `*${BAR1}* *1234567008*`, direction: 'ascending' })
    assert.equal(saved.status(), 302)
    const [pad] = await padRows()
    assert.include(pad, { printer_name: 'Ambulatorio 1', bar1: BAR1, pad_number: '1234567', first_counter: 0, last_counter: 99, next_counter: 0, direction: 'ascending' })
    assert.isNull(pad.warnings)

    const page = await client.get('/gestione-studio/ricettari').loginAs(staff)
    const tr = cheerio.load(page.text())(`tr[data-pad-id="${pad.id}"]`)
    assert.equal(tr.find('[data-testid="next-sheet"]').text().trim(), `${BAR1} 1234567008`)
    assert.equal(tr.find('[data-testid="remaining"]').text().trim(), '100')
  })

  test('a wrong code is an Italian error next to the field, nothing saved', async ({ client, assert }) => {
    const { staff } = await studio()
    const refused = await newPad(client, staff, { printer_name: '', first_sheet: '12345', direction: 'ascending' })
    assert.equal(refused.status(), 422)
    const $ = cheerio.load(refused.text())
    assert.include($('#f-first_sheet-error').text(), 'servono 15 cifre')
    assert.include($('#f-printer_name-error').text(), 'Indicare la stampante')
    assert.lengthOf(await padRows(), 0)
  })

  test('a control digit that disagrees is shown as a warning to confirm, then kept visible on the pad', async ({ client, assert }) => {
    const { staff } = await studio()
    // 28 + 0 + 0 = 28: the parity digit is 8, the sheet says 4.
    const form = { printer_name: 'Ambulatorio 1', first_sheet: sheet('00', '4'), direction: 'ascending' }
    const warned = await newPad(client, staff, form)
    assert.equal(warned.status(), 422)
    const $ = cheerio.load(warned.text())
    assert.include($('[data-testid="pad-warnings"] li[data-kind="control_digit"]').text(), 'controllo parità del codice (4) non corrisponde a quello calcolato (8)')
    assert.equal($('input[name="first_sheet"]').val(), sheet('00', '4'))
    assert.lengthOf(await padRows(), 0)

    const confirmed = await newPad(client, staff, { ...form, confirm: '1' })
    assert.equal(confirmed.status(), 302)
    const [pad] = await padRows()
    assert.equal(pad.first_sheet_code, sheet('00', '4'))
    assert.equal(JSON.parse(pad.warnings)[0].kind, 'control_digit')
    const page = await client.get('/gestione-studio/ricettari').loginAs(staff)
    assert.include(cheerio.load(page.text())(`tr[data-pad-id="${pad.id}"] [data-testid="pad-warning"]`).text(), 'controllo parità')
  })

  test('one active pad per printer: a new pad replaces the one in use after confirmation', async ({ client, assert }) => {
    const { staff } = await studio()
    await newPad(client, staff, { printer_name: 'Ambulatorio 1', first_sheet: sheet('00', '8'), direction: 'ascending' })
    const other = { printer_name: 'ambulatorio 1', first_sheet: `${BAR1}7654321003`, direction: 'ascending' }
    const warned = await newPad(client, staff, other)
    assert.equal(warned.status(), 422)
    assert.include(cheerio.load(warned.text())('[data-testid="pad-warnings"] li[data-kind="replaces_pad"]').text(), '100 fogli non stampati')
    await newPad(client, staff, { ...other, confirm: '1' })
    const pads = await padRows()
    assert.deepEqual(pads.map((p) => Boolean(Number(p.active))), [false, true])
    assert.equal(pads[1].pad_number, '7654321')
  })

  test('ascending: prints take sheets 00, 01… and the prescription becomes a red one', async ({ client, assert }) => {
    const { doctor, staff, patient } = await studio()
    await newPad(client, staff, { printer_name: 'Ambulatorio 1', first_sheet: sheet('00', '8'), direction: 'ascending' })
    const [pad] = await padRows()
    const [validated] = await prepared(doctor, patient.id)
    const [waiting] = await prepared(staff, patient.id, [AIC.abigerd])
    assert.equal((await row(validated)).state, 'VALIDATED')

    const form = cheerio.load((await client.get(`/gestione-studio/${validated}/ricetta-rossa`).loginAs(doctor)).text())
    assert.include(form('[data-testid="red-print-form"] label').text().replace(/\s+/g, ' '), `Ambulatorio 1 — prossimo foglio ${BAR1} 1234567008, 100 fogli rimasti`)
    const first = await printRed(client, doctor, validated, pad.id)
    assert.equal(first.status(), 302)
    assert.include(String(first.flashMessages().success), `${BAR1} 1234567008`)
    // A prescription just prepared by the staff is validated by the doctor who prints it.
    await printRed(client, doctor, waiting, pad.id)

    const a = await row(validated)
    const b = await row(waiting)
    assert.include(a, { kind: 'ROSSA', red_code: sheet('00', '8'), sent_by_user_id: doctor.id, nre: null })
    assert.include(['SENDING', 'ACCEPTED', 'DELIVERED'], a.state)
    assert.include(b, { kind: 'ROSSA', red_code: sheet('01', '9'), validated_by_user_id: doctor.id })
    assert.equal((await padRows())[0].next_counter, 2)
    const transmissions = await db.from('red_transmissions').orderBy('id')
    assert.deepEqual(transmissions.map((t) => [t.bar1, t.bar2, t.prescription_type]), [[BAR1, '1234567008', 'F'], [BAR1, '1234567019', 'F']])

    const page = await client.get(`/gestione-studio/${validated}/ricetta-rossa`).loginAs(doctor)
    assert.equal(cheerio.load(page.text())('[data-testid="red-code"]').text(), `${BAR1} 1234567008`)
  })

  test('descending, for a printer that takes the pad reversed: 99, 98…', async ({ client, assert }) => {
    const { doctor, patient } = await studio()
    // 28 + 9 + 9 = 46 → 6
    const saved = await newPad(client, doctor, { printer_name: 'Segreteria', first_sheet: sheet('99', '6'), direction: 'descending' })
    assert.equal(saved.status(), 302)
    const [pad] = await padRows()
    assert.include(pad, { first_counter: 99, last_counter: 0, next_counter: 99, direction: 'descending' })
    const ids = [...(await prepared(doctor, patient.id)), ...(await prepared(doctor, patient.id, [AIC.abigerd]))]
    for (const id of ids) await printRed(client, doctor, id, pad.id)
    // 28 + 9 + 8 = 45 → 5
    assert.deepEqual(
      await Promise.all(ids.map(async (id) => (await row(id)).red_code)),
      [sheet('99', '6'), sheet('98', '5')]
    )
    assert.equal((await padRows())[0].next_counter, 97)
  })

  test('an exhausted pad prompts for a new pad and prints nothing', async ({ client, assert }) => {
    const { doctor, patient } = await studio()
    // The last sheet of the pad: 28 + 18 = 46 → 6
    await newPad(client, doctor, { printer_name: 'Ambulatorio 1', first_sheet: sheet('99', '6'), direction: 'ascending' })
    const [pad] = await padRows()
    const [first, second] = [...(await prepared(doctor, patient.id)), ...(await prepared(doctor, patient.id, [AIC.abigerd]))]
    assert.equal((await printRed(client, doctor, first, pad.id)).status(), 302)

    const refused = await printRed(client, doctor, second, pad.id)
    assert.equal(refused.status(), 409)
    const $ = cheerio.load(refused.text())
    assert.include($('[data-testid="pad-exhausted"]').text(), 'Le ricette del blocchetto sono finite')
    const link = $('[data-testid="new-pad-link"]').attr('href')!
    assert.include(link, '/gestione-studio/ricettari?')
    assert.include(decodeURIComponent(link), `ritorno=/gestione-studio/${second}/ricetta-rossa`)
    assert.include(await row(second), { kind: 'DEM_FARMACEUTICA', state: 'VALIDATED', red_code: null })
    assert.lengthOf(await db.from('red_transmissions').where('prescription_id', second), 0)
    assert.equal((await padRows())[0].next_counter, 100)

    // The prompt's link opens the pad form for that printer, and brings the user back.
    const form = await client.get(link).loginAs(doctor)
    const f = cheerio.load(form.text())
    assert.equal(f('input[name="printer_name"]').val(), 'Ambulatorio 1')
    assert.equal(f('input[name="return_to"]').val(), `/gestione-studio/${second}/ricetta-rossa`)
  })

  test('concurrent prints on the same pad get different sheets', async ({ client, assert }) => {
    const { doctor, patient } = await studio()
    await newPad(client, doctor, { printer_name: 'Ambulatorio 1', first_sheet: sheet('00', '8'), direction: 'ascending' })
    const [pad] = await padRows()
    const ids: number[] = []
    for (let i = 0; i < 4; i++) ids.push(...(await prepared(doctor, patient.id)))
    const responses = await Promise.all(ids.map((id) => printRed(client, doctor, id, pad.id)))
    assert.deepEqual(responses.map((r) => r.status()), [302, 302, 302, 302])
    const codes = (await db.from('prescriptions').whereIn('id', ids).select('red_code')).map((r) => r.red_code).sort()
    assert.deepEqual(codes, [sheet('00', '8'), sheet('01', '9'), sheet('02', '0'), sheet('03', '1')])
    assert.equal((await padRows())[0].next_counter, 4)
  })

  test('staff cannot print red: refused, no sheet taken', async ({ client, assert }) => {
    const { doctor, staff, patient } = await studio()
    await newPad(client, staff, { printer_name: 'Ambulatorio 1', first_sheet: sheet('00', '8'), direction: 'ascending' })
    const [pad] = await padRows()
    const [id] = await prepared(doctor, patient.id)
    const page = await client.get(`/gestione-studio/${id}/ricetta-rossa`).loginAs(staff)
    assert.include(cheerio.load(page.text())('[data-testid="print-forbidden"]').text(), 'solo il medico')
    assert.lengthOf(cheerio.load(page.text())('[data-testid="red-print-form"]'), 0)

    const refused = await printRed(client, staff, id, pad.id)
    assert.equal(refused.status(), 403)
    assert.include(await row(id), { kind: 'DEM_FARMACEUTICA', state: 'VALIDATED', red_code: null })
    assert.equal((await padRows())[0].next_counter, 0)
    assert.lengthOf(await db.from('red_transmissions'), 0)
  })
})
