import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import * as cheerio from 'cheerio'
import Patient from '#models/patient'
import { createPatient, createUser } from '#tests/helpers/factories'
import { loadReferenceFixtures, submitForm, validForm } from './support.js'

const patientCount = async () => Number((await db.from('patients').count('* as n'))[0].n)

test.group('patient registry: creating a patient', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => loadReferenceFixtures())

  test('the new-patient form offers titolari, ASL, sexes and statuses', async ({ client, assert }) => {
    const doctor = await createUser({ role: 'titolare', firstName: 'Paolo', lastName: 'Verdi' })
    await createUser({ role: 'sostituto', firstName: 'Sara', lastName: 'Sostituta' })
    const secretary = await createUser({ role: 'collaboratore' })
    const page = await client.get('/pazienti/nuovo').loginAs(secretary)
    page.assertStatus(200)
    const $ = cheerio.load(page.text())
    const doctors = $('#f-doctor_id option').map((_, o) => $(o).text()).get()
    assert.include(doctors, 'Dott. Paolo Verdi')
    assert.notInclude(doctors.join(), 'Sostituta')
    assert.equal($(`#f-doctor_id option[value="${doctor.id}"]`).length, 1)
    assert.include($('#f-asl_code').text(), '120201 – ROMA 1')
    assert.include($('#f-asl_code').text(), 'ATS DELLA CITTÀ METROPOLITANA DI MILANO')
    assert.equal($('#f-status').val(), 'active')
    assert.equal($('#dl-birth_place_code').attr('hx-get'), '/riferimenti/comuni?field=birth_place_code')
    assert.equal($('#dl-residence_comune_code').attr('hx-get'), '/riferimenti/comuni?field=residence_comune_code&current=1')
  })

  test('a secretary registers a patient: every field stored, the write audited without values', async ({ client, assert }) => {
    const doctor = await createUser({ role: 'titolare' })
    const secretary = await createUser({ role: 'collaboratore' })
    const { response } = await submitForm(client, secretary, {
      ...validForm,
      doctor_id: String(doctor.id),
      domicile_address: 'Via Torino 5',
      domicile_comune_code: 'Milano',
      domicile_cap: '20121',
      notes: 'Allergico alla penicillina',
    })
    response.assertStatus(302)
    const patient = await Patient.findByOrFail('fiscal_code', 'RSSMRA80A01H501U')
    response.assertHeader('location', `/pazienti/${patient.id}/anagrafica`)
    assert.equal(patient.lastName, 'Rossi')
    assert.equal(patient.birthDate.toISODate(), '1980-01-01')
    assert.equal(patient.birthPlaceCode, 'H501')
    assert.equal(patient.birthPlaceName, 'Roma (RM)')
    assert.equal(patient.residenceComuneCode, 'H501')
    assert.equal(patient.residenceCap, '00183')
    assert.equal(patient.domicileComuneCode, 'F205')
    assert.equal(patient.aslCode, '120201')
    assert.equal(patient.doctorId, doctor.id)
    assert.equal(patient.mobile, '+39 333 1234567')
    assert.equal(patient.status, 'active')
    assert.isNull(patient.statusDate)
    assert.equal(patient.lastNameSearch, 'ROSSI')
    assert.equal(patient.birthYear, 1980)

    const auditRow = await db.from('audit_logs').where('entity', 'patient').where('action', 'create').where('patient_id', patient.id).first()
    assert.equal(auditRow.user_id, secretary.id)
    const details = JSON.parse(auditRow.details)
    assert.includeMembers(details.fields, ['fiscalCode', 'lastName', 'notes', 'mobile'])
    assert.notInclude(auditRow.details, 'RSSMRA80A01H501U')
    assert.notInclude(auditRow.details, 'penicillina')
  })

  test('omocodic and lower-case codes are accepted and stored in upper case', async ({ client, assert }) => {
    const user = await createUser({ role: 'collaboratore' })
    const { response } = await submitForm(client, user, { ...validForm, fiscal_code: 'rssmra80a01h50mm' })
    response.assertStatus(302)
    const patient = await Patient.findByOrFail('fiscal_code', 'RSSMRA80A01H50MM')
    assert.equal(patient.birthPlaceCode, 'H501')
  })

  test('a foreign-born patient: the birth place is the state', async ({ client, assert }) => {
    const user = await createUser({ role: 'collaboratore' })
    await submitForm(client, user, {
      ...validForm, last_name: 'Nguyen', first_name: 'Anna', sex: 'F', birth_date: '1990-01-15',
      birth_place_code: "Stati Uniti d'America", fiscal_code: 'NGYNNA90A55Z404K',
    })
    const patient = await Patient.findByOrFail('fiscal_code', 'NGYNNA90A55Z404K')
    assert.equal(patient.birthPlaceCode, 'Z404')
    assert.equal(patient.birthPlaceName, "Stati Uniti d'America")
  })

  test('a patient born in a suppressed comune keeps its code', async ({ client, assert }) => {
    const user = await createUser({ role: 'collaboratore' })
    // Abbadia Sopra Adda (CO), code A002, suppressed in 1928
    const { response } = await submitForm(client, user, {
      ...validForm, last_name: 'Colombo', first_name: 'Pietro', birth_date: '1920-06-01', birth_place_code: 'A002',
      fiscal_code: 'CLMPTR20H01A002' + (await import('@marketto/codice-fiscale-utils')).CheckDigitizer.checkDigit('CLMPTR20H01A002'),
    })
    response.assertStatus(302)
    const patient = await Patient.query().where('last_name', 'Colombo').firstOrFail()
    assert.equal(patient.birthPlaceName, 'Abbadia Sopra Adda (CO)')
  })

  test('HTML and SQL typed in text fields are stored as text and shown escaped', async ({ client, assert }) => {
    const user = await createUser({ role: 'collaboratore' })
    const evil = `<script>alert(1)</script>'; DROP TABLE patients; --`
    await submitForm(client, user, { ...validForm, notes: evil, residence_address: `Via <b>Roma</b> 1"; --` })
    const patient = await Patient.findByOrFail('fiscal_code', 'RSSMRA80A01H501U')
    assert.equal(patient.notes, evil)
    assert.equal(patient.residenceAddress, `Via <b>Roma</b> 1"; --`)
    const page = await client.get(`/pazienti/${patient.id}/anagrafica`).loginAs(user)
    assert.notInclude(page.text(), '<script>alert(1)</script>')
    assert.notInclude(page.text(), '<b>Roma</b>')
    assert.include(page.text(), '&lt;script&gt;alert(1)&lt;/script&gt;')
    assert.equal(cheerio.load(page.text())('#f-notes').text(), evil)
  })
})

test.group('patient registry: refused input', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => loadReferenceFixtures())

  /** Submits, checks the redirect to the form, and returns the re-rendered form. */
  async function refused(client: any, form: Record<string, string>) {
    const user = await createUser({ role: 'collaboratore' })
    const { response, rerender } = await submitForm(client, user, form)
    response.assertStatus(302)
    response.assertHeader('location', '/pazienti/nuovo')
    return rerender()
  }

  test('an invalid check character is explained next to the field; typed values are kept; nothing stored', async ({ client, assert }) => {
    const form = await refused(client, { ...validForm, fiscal_code: 'RSSMRA80A01H501X' })
    assert.include(form.error('fiscal_code'), "Il carattere di controllo (l'ultima lettera) non corrisponde")
    assert.equal(form.value('fiscal_code'), 'RSSMRA80A01H501X')
    assert.equal(form.value('last_name'), 'Rossi')
    assert.equal(form.value('residence_address'), 'Via Appia Nuova 10')
    assert.equal(form.value('birth_date'), '1980-01-01')
    assert.equal(form.value('asl_code'), '120201')
    assert.equal(form.$('#f-fiscal_code').attr('aria-invalid'), 'true')
    assert.include(form.$('.flash-error').text(), 'Il paziente non è stato salvato')
    assert.equal(await patientCount(), 0)
  })

  test('a code of the wrong length or form is refused with its reason', async ({ client, assert }) => {
    assert.include((await refused(client, { ...validForm, fiscal_code: 'RSSMRA80A01H501' })).error('fiscal_code'), '16 caratteri: ne sono stati scritti 15')
    assert.include((await refused(client, { ...validForm, fiscal_code: 'RSSMRA80Z01H501U' })).error('fiscal_code'), 'non ha la forma giusta')
    assert.include((await refused(client, { ...validForm, fiscal_code: 'RSSMRA80A32H501U' })).error('fiscal_code'), 'data di nascita che non esiste')
    assert.equal(await patientCount(), 0)
  })

  test('a code that disagrees with the data says which parts and how', async ({ client, assert }) => {
    const names = await refused(client, { ...validForm, first_name: 'Luca', sex: 'F' })
    const error = names.error('fiscal_code')
    assert.include(error, 'Il codice fiscale non corrisponde ai dati inseriti')
    assert.include(error, 'nome (nel codice «MRA», dal nome inserito «LCU»)')
    assert.include(error, 'sesso (il codice è di una persona di sesso maschio)')
    assert.notInclude(error, 'cognome')
    assert.equal(names.value('first_name'), 'Luca')

    const date = (await refused(client, { ...validForm, birth_date: '1980-02-01' })).error('fiscal_code')
    assert.include(date, 'data di nascita (il codice indica il 01/01/1980)')

    const place = (await refused(client, { ...validForm, birth_place_code: 'Milano' })).error('fiscal_code')
    assert.include(place, 'luogo di nascita (il codice indica Roma (RM) – H501, è stato inserito Milano (MI))')
    assert.equal(await patientCount(), 0)
  })

  test('a birth date in the future or before 1900 is refused', async ({ client, assert }) => {
    const future = DateTime.now().plus({ days: 3 }).toISODate()!
    const a = await refused(client, { ...validForm, birth_date: future })
    assert.equal(a.error('birth_date'), 'La data di nascita non può essere nel futuro.')
    assert.equal(a.value('birth_date'), future)
    const b = await refused(client, { ...validForm, birth_date: '1899-12-31' })
    assert.equal(b.error('birth_date'), 'La data di nascita non può essere precedente al 1900.')
    assert.include((await refused(client, { ...validForm, birth_date: '31/02/1980' })).error('birth_date'), 'data valida')
    assert.equal(await patientCount(), 0)
  })

  test('a duplicate codice fiscale is refused with a link to the patient who has it', async ({ client, assert }) => {
    const existing = await createPatient({ fiscalCode: 'RSSMRA80A01H501U', lastName: 'Rossi', firstName: 'Mario', birthDate: DateTime.fromISO('1980-01-01') })
    const form = await refused(client, validForm)
    assert.equal(form.error('fiscal_code'), 'Esiste già un paziente con questo codice fiscale: Rossi Mario, nato/a il 01/01/1980.')
    assert.equal(form.$('[data-testid="duplicate-link"]').attr('href'), `/pazienti/${existing.id}/anagrafica`)
    assert.equal(await patientCount(), 1)
  })

  test('missing required fields are each named', async ({ client, assert }) => {
    const form = await refused(client, { ...validForm, last_name: '', first_name: '', sex: '', birth_date: '', fiscal_code: '' })
    assert.equal(form.error('last_name'), 'Il campo Cognome è obbligatorio.')
    assert.equal(form.error('first_name'), 'Il campo Nome è obbligatorio.')
    assert.equal(form.error('sex'), 'Indica il sesso.')
    assert.equal(form.error('birth_date'), 'Il campo Data di nascita è obbligatorio.')
    assert.equal(form.error('fiscal_code'), 'Il campo Codice fiscale è obbligatorio.')
    assert.equal(form.value('residence_address'), 'Via Appia Nuova 10')
    assert.equal(await patientCount(), 0)
  })

  test('a wrong code is reported together with the other missing fields, not after', async ({ client, assert }) => {
    const form = await refused(client, { ...validForm, sex: '', fiscal_code: 'RSSMRA80A01H501X' })
    assert.equal(form.error('sex'), 'Indica il sesso.')
    assert.include(form.error('fiscal_code'), 'carattere di controllo')
  })

  test('an invalid e-mail, phone, mobile or CAP is refused next to its field', async ({ client, assert }) => {
    const form = await refused(client, { ...validForm, email: 'mario.rossi@', phone: 'chiamare dopo le 18', mobile: '12', residence_cap: '0018' })
    assert.equal(form.error('email'), 'Inserisci un indirizzo e-mail valido.')
    assert.include(form.error('phone'), 'Numero di telefono non valido')
    assert.include(form.error('mobile'), 'Numero di cellulare non valido')
    assert.equal(form.error('residence_cap'), 'Il CAP è formato da 5 cifre.')
    assert.equal(form.value('email'), 'mario.rossi@')
    assert.equal(form.value('phone'), 'chiamare dopo le 18')
    assert.equal(await patientCount(), 0)
  })

  test('a name with digits or markup is refused', async ({ client, assert }) => {
    const form = await refused(client, { ...validForm, last_name: '<b>Rossi</b>', first_name: 'Mario2' })
    assert.include(form.error('last_name'), 'Il cognome può contenere solo lettere')
    assert.include(form.error('first_name'), 'Il nome può contenere solo lettere')
    assert.equal(form.value('last_name'), '<b>Rossi</b>')
    assert.equal(await patientCount(), 0)
  })

  test('revoked or deceased needs its date, not in the future nor before the birth', async ({ client, assert }) => {
    assert.equal((await refused(client, { ...validForm, status: 'deceased' })).error('status_date'), 'Indica la data del decesso.')
    assert.equal((await refused(client, { ...validForm, status: 'revoked' })).error('status_date'), 'Indica la data della revoca.')
    const tomorrow = DateTime.now().plus({ days: 1 }).toISODate()!
    assert.include((await refused(client, { ...validForm, status: 'revoked', status_date: tomorrow })).error('status_date'), 'futuro')
    const before = await refused(client, { ...validForm, status: 'deceased', status_date: '1979-12-31' })
    assert.include(before.error('status_date'), 'precedere la nascita')
    assert.equal(before.value('status'), 'deceased')
    assert.equal(await patientCount(), 0)
  })

  test('a comune that does not exist, is not current, or is ambiguous is refused', async ({ client, assert }) => {
    assert.include((await refused(client, { ...validForm, residence_comune_code: 'Z999' })).error('residence_comune_code'), 'Comune non trovato')
    assert.include((await refused(client, { ...validForm, residence_comune_code: 'Roma Capitale' })).error('residence_comune_code'), 'Comune non trovato')
    // suppressed in 1928: a birth place, never a residence
    assert.include((await refused(client, { ...validForm, residence_comune_code: 'A002' })).error('residence_comune_code'), 'comuni attuali')
    const ambiguous = await refused(client, { ...validForm, domicile_comune_code: 'Peglio' })
    assert.include(ambiguous.error('domicile_comune_code'), 'Più comuni hanno questo nome')
    assert.include(ambiguous.error('domicile_comune_code'), 'Peglio (CO)')
    assert.equal(ambiguous.value('domicile_comune_code'), 'Peglio')
    assert.equal(await patientCount(), 0)
  })

  test('an ASL or a doctor not in the lists is refused', async ({ client, assert }) => {
    const sostituto = await createUser({ role: 'sostituto' })
    const form = await refused(client, { ...validForm, asl_code: '999999', doctor_id: String(sostituto.id) })
    assert.equal(form.error('asl_code'), "ASL non trovata: sceglila dall'elenco.")
    assert.equal(form.error('doctor_id'), 'Scegli un medico titolare dello studio.')
    assert.equal(await patientCount(), 0)
  })
})

test.group('patient registry: editing', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => loadReferenceFixtures())

  async function storedRossi() {
    return createPatient({
      fiscalCode: 'RSSMRA80A01H501U', lastName: 'Rossi', firstName: 'Mario', birthDate: DateTime.fromISO('1980-01-01'),
      birthPlaceCode: 'H501', birthPlaceName: 'Roma (RM)', residenceComuneCode: 'F205', residenceAddress: 'Via Torino 5', aslCode: '120201',
    })
  }
  const storedForm = { ...validForm, birth_place_code: 'Roma (RM) – H501', residence_comune_code: 'Milano (MI) – F205', residence_address: 'Via Torino 5', residence_cap: '', phone: '', mobile: '', email: '' }

  test('the form shows the stored data, comuni by name and code; opening it is an audited read', async ({ client, assert }) => {
    const patient = await storedRossi()
    const user = await createUser({ role: 'titolare' })
    const page = await client.get(`/pazienti/${patient.id}/anagrafica`).loginAs(user)
    page.assertStatus(200)
    const $ = cheerio.load(page.text())
    assert.equal($('#f-fiscal_code').val(), 'RSSMRA80A01H501U')
    assert.equal($('#f-birth_date').val(), '1980-01-01')
    assert.equal($('#f-birth_place_code').val(), 'Roma (RM) – H501')
    assert.equal($('#f-residence_comune_code').val(), 'Milano (MI) – F205')
    assert.equal($('#f-asl_code').val(), '120201')
    assert.equal($('form[data-testid="patient-form"]').attr('action'), `/pazienti/${patient.id}?_method=PUT`)
    const read = await db.from('audit_logs').where('patient_id', patient.id).where('action', 'read').where('entity', 'patient')
    assert.lengthOf(read, 1)
  })

  test('saving changes updates the patient and audits the names of the changed fields only', async ({ client, assert }) => {
    const patient = await storedRossi()
    const user = await createUser({ role: 'titolare' })
    const { response } = await submitForm(client, user, { ...storedForm, mobile: '333 7654321' }, { method: 'put', url: `/pazienti/${patient.id}`, formUrl: `/pazienti/${patient.id}/anagrafica` })
    response.assertStatus(302)
    response.assertHeader('location', `/pazienti/${patient.id}/anagrafica`)
    await patient.refresh()
    assert.equal(patient.mobile, '333 7654321')
    const update = await db.from('audit_logs').where('patient_id', patient.id).where('action', 'update').first()
    assert.deepEqual(JSON.parse(update.details).fields, ['mobile'])
    assert.notInclude(update.details, '7654321')
  })

  test('marking a patient deceased with the date', async ({ client, assert }) => {
    const patient = await storedRossi()
    const user = await createUser({ role: 'titolare' })
    await submitForm(client, user, { ...storedForm, status: 'deceased', status_date: '2025-02-03' }, { method: 'put', url: `/pazienti/${patient.id}` })
    await patient.refresh()
    assert.equal(patient.status, 'deceased')
    assert.equal(patient.statusDate?.toISODate(), '2025-02-03')
  })

  test("a patient keeps his own code, but cannot take another patient's", async ({ client, assert }) => {
    const patient = await storedRossi()
    await createPatient({ fiscalCode: 'BNCLRA85M41F205C', lastName: 'Bianchi', firstName: 'Laura', sex: 'F', birthDate: DateTime.fromISO('1985-08-01') })
    const user = await createUser({ role: 'titolare' })
    const formUrl = `/pazienti/${patient.id}/anagrafica`
    const same = await submitForm(client, user, storedForm, { method: 'put', url: `/pazienti/${patient.id}`, formUrl })
    same.response.assertHeader('location', formUrl)
    assert.isEmpty((await same.rerender()).error('fiscal_code'))

    const taken = await submitForm(
      client, user,
      { ...storedForm, fiscal_code: 'BNCLRA85M41F205C', last_name: 'Bianchi', first_name: 'Laura', sex: 'F', birth_date: '1985-08-01', birth_place_code: 'F205' },
      { method: 'put', url: `/pazienti/${patient.id}`, formUrl }
    )
    const form = await taken.rerender()
    assert.include(form.error('fiscal_code'), 'Esiste già un paziente con questo codice fiscale: Bianchi Laura')
    assert.equal(form.value('last_name'), 'Bianchi')
    await patient.refresh()
    assert.equal(patient.lastName, 'Rossi')
  })

  test('an unknown patient is a 404', async ({ client }) => {
    const user = await createUser({ role: 'titolare' })
    ;(await client.get('/pazienti/999999/anagrafica').loginAs(user)).assertStatus(404)
  })
})

test.group('patient registry: parents and reference persons', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('are added, listed and removed; both writes audited', async ({ client, assert }) => {
    const user = await createUser({ role: 'collaboratore' })
    const patient = await createPatient()
    const added = await client
      .post(`/pazienti/${patient.id}/contatti`)
      .form({ contact_kind: 'parent', contact_name: 'Anna Rossi', contact_relation: 'madre', contact_phone: '333 1112222' })
      .withCsrfToken().loginAs(user).redirects(0)
    added.assertStatus(302)
    await patient.load('contacts')
    assert.lengthOf(patient.contacts, 1)
    assert.equal(patient.contacts[0].relation, 'madre')
    const page = cheerio.load((await client.get(`/pazienti/${patient.id}/anagrafica`).loginAs(user)).text())
    assert.include(page('[data-testid="contacts"]').text(), 'Anna Rossi')
    assert.include(page('[data-testid="contacts"]').text(), 'Genitore (madre)')

    await client.delete(`/pazienti/${patient.id}/contatti/${patient.contacts[0].id}`).withCsrfToken().loginAs(user).redirects(0)
    await patient.load('contacts')
    assert.lengthOf(patient.contacts, 0)
    const actions = await db.from('audit_logs').where('entity', 'patient_contact').orderBy('id').select('action')
    assert.deepEqual(actions.map((a: any) => a.action), ['create', 'delete'])
  })

  test('a person without a name is refused next to the field; the registry form is untouched', async ({ client, assert }) => {
    const user = await createUser({ role: 'collaboratore' })
    const patient = await createPatient({ phone: '06 555555' })
    const response = await client
      .post(`/pazienti/${patient.id}/contatti`)
      .form({ contact_kind: 'reference', contact_name: '', contact_phone: '333 9998888' })
      .withCsrfToken().loginAs(user).redirects(0)
    const page = cheerio.load((await client.get(`/pazienti/${patient.id}/anagrafica`).loginAs(user).withFlashMessages(response.flashMessages())).text())
    assert.equal(page('#f-contact_name-error').text().trim(), 'Il campo Nome e cognome è obbligatorio.')
    assert.equal(page('#f-contact_phone').val(), '333 9998888')
    assert.equal(page('#f-phone').val(), '06 555555')
    await patient.load('contacts')
    assert.lengthOf(patient.contacts, 0)
  })

  test("a person of another patient cannot be removed through this patient's URL", async ({ client, assert }) => {
    const user = await createUser({ role: 'collaboratore' })
    const [a, b] = [await createPatient(), await createPatient()]
    const contact = await b.related('contacts').create({ kind: 'parent', name: 'Padre di B' })
    const response = await client.delete(`/pazienti/${a.id}/contatti/${contact.id}`).withCsrfToken().loginAs(user).redirects(0)
    response.assertStatus(404)
    await b.load('contacts')
    assert.lengthOf(b.contacts, 1)
  })
})

test.group('patient registry: who may use it', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the administrator gets 403 on the registry pages; his form posts are refused and change nothing', async ({ client, assert }) => {
    const admin = await createUser({ role: 'admin' })
    const patient = await createPatient({ lastName: 'Bianchi' })
    ;(await client.get('/pazienti/nuovo').loginAs(admin)).assertStatus(403)
    ;(await client.get(`/pazienti/${patient.id}/anagrafica`).loginAs(admin)).assertStatus(403)
    // the app's handler turns a refused form post into a redirect with an Italian message
    const posts = [
      client.post('/pazienti').form(validForm),
      client.put(`/pazienti/${patient.id}`).form(validForm),
      client.post(`/pazienti/${patient.id}/contatti`).form({ contact_kind: 'parent', contact_name: 'X' }),
    ]
    for (const request of posts) {
      const response = await request.withCsrfToken().loginAs(admin).redirects(0)
      response.assertStatus(302)
      response.assertFlashMessage('error', 'Il tuo profilo non ha i permessi per questa pagina o per questi dati.')
    }
    assert.equal(await patientCount(), 1)
    await patient.refresh()
    assert.equal(patient.lastName, 'Bianchi')
    assert.lengthOf(await db.from('patient_contacts'), 0)
  })

  test('every role of the studio but the administrator may register patients', async ({ client }) => {
    for (const role of ['titolare', 'sostituto', 'collaboratore'] as const) {
      const user = await createUser({ role })
      ;(await client.get('/pazienti/nuovo').loginAs(user)).assertStatus(200)
    }
  })

  test('a signed-out visitor is sent to the login page', async ({ client }) => {
    const patient = await createPatient()
    for (const url of ['/pazienti/nuovo', `/pazienti/${patient.id}/anagrafica`]) {
      const response = await client.get(url).redirects(0)
      response.assertStatus(302)
      response.assertHeader('location', '/login')
    }
    const post = await client.post('/pazienti').form(validForm).withCsrfToken().redirects(0)
    post.assertStatus(302)
    post.assertHeader('location', '/login')
  })
})
