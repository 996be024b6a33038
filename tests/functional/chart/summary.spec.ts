import { test } from '@japa/runner'
import studioModules from '#services/studio_modules'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import Problem from '#models/problem'
import Therapy from '#models/therapy'
import Measurement from '#models/measurement'
import DiaryEntry from '#models/diary_entry'
import PatientContact from '#models/patient_contact'
import { createPatient, createUser } from '#tests/helpers/factories'
import { html } from '#tests/functional/chart/helpers'

test.group('chart: header and summary', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the header says who the patient is, the doctor, the status and how to reach them', async ({ client, assert }) => {
    const doctor = await createUser({ role: 'titolare', firstName: 'Mario', lastName: 'Bianchi' })
    const patient = await createPatient({
      doctorId: doctor.id,
      lastName: 'Verdi',
      firstName: 'Giuseppina',
      sex: 'F',
      birthDate: DateTime.now().minus({ years: 47, days: 3 }),
      mobile: '333 1234567',
      email: 'g.verdi@example.it',
      status: 'revoked',
      statusDate: DateTime.fromISO('2025-02-01'),
    })
    await PatientContact.create({ patientId: patient.id, kind: 'reference', name: 'Luca Verdi', relation: 'figlio', phone: '06 123' })
    const $ = html(await client.get(`/pazienti/${patient.id}`).loginAs(doctor))
    const header = $('[data-testid="patient-header"]')
    assert.include(header.find('h1').text(), 'Verdi Giuseppina')
    assert.equal($('[data-testid="patient-cf"]').text(), patient.fiscalCode)
    assert.include($('[data-testid="patient-age"]').text(), '47 anni')
    assert.include(header.text(), 'femmina')
    assert.include(header.text(), 'Bianchi Mario')
    assert.include($('[data-testid="patient-status"]').text(), 'Revocato dal 01/02/2025')
    assert.include($('[data-testid="patient-contacts"]').text(), '333 1234567')
    assert.include($('[data-testid="patient-contacts"]').text(), 'Luca Verdi (figlio)')
    assert.equal(header.find(`a[href="/pazienti/${patient.id}/anagrafica"]`).length, 1)
    // The core's nine tabs, then those the enabled modules add (prescriptions: "Prescrizioni").
    assert.lengthOf($('nav#chart-tabs a'), 9 + studioModules.chartTabs.length)
    for (const tab of studioModules.chartTabs) assert.lengthOf($(`nav#chart-tabs a[href="/pazienti/${patient.id}/${tab.slug}"]`), 1)
  })

  test('the summary shows active problems, ongoing continuative therapies, the latest value of each kind and recent notes', async ({ client, assert }) => {
    const doctor = await createUser({ role: 'titolare' })
    const patient = await createPatient({ doctorId: doctor.id })
    const at = (iso: string) => DateTime.fromISO(iso)
    await Problem.createMany([
      { patientId: patient.id, icd9Code: '401.9', description: 'Ipertensione', status: 'active', onsetDate: at('2015-01-01') },
      { patientId: patient.id, description: 'Varicella', status: 'inactive', onsetDate: at('1985-01-01') },
    ])
    await Therapy.createMany([
      { patientId: patient.id, drugName: 'Ramipril 5 mg', isContinuative: true, startDate: at('2015-02-01') },
      { patientId: patient.id, drugName: 'Amoxicillina', isContinuative: false, startDate: at('2024-01-01') },
      { patientId: patient.id, drugName: 'Atorvastatina', isContinuative: true, startDate: at('2016-01-01'), endDate: at('2020-01-01') },
    ])
    await Measurement.createMany([
      { patientId: patient.id, kind: 'pressione', value: 150, value2: 95, unit: 'mmHg', measuredAt: at('2023-01-01T09:00'), source: 'doctor' },
      { patientId: patient.id, kind: 'pressione', value: 128, value2: 82, unit: 'mmHg', measuredAt: at('2024-05-01T09:00'), source: 'patient' },
      { patientId: patient.id, kind: 'spo2', value: 97, unit: '%', measuredAt: at('2022-01-01T09:00'), source: 'doctor' },
    ])
    // Many recent readings of one kind must not hide the latest of another.
    for (let i = 0; i < 80; i++) {
      await Measurement.create({ patientId: patient.id, kind: 'glicemia', value: 100 + (i % 10), unit: 'mg/dl', measuredAt: at('2025-01-01T07:00').plus({ days: i }), source: 'patient' })
    }
    for (let i = 1; i <= 7; i++) await DiaryEntry.create({ patientId: patient.id, entryDate: at(`2024-0${i}-01`), text: `Nota ${i}` })

    const $ = html(await client.get(`/pazienti/${patient.id}`).loginAs(doctor))
    const problems = $('[data-testid="active-problems"]').text()
    assert.include(problems, '401.9 – Ipertensione')
    assert.notInclude(problems, 'Varicella')
    const therapies = $('[data-testid="continuative-therapies"]').text()
    assert.include(therapies, 'Ramipril')
    assert.notInclude(therapies, 'Amoxicillina')
    assert.notInclude(therapies, 'Atorvastatina')
    assert.include($('[data-testid="latest-measurements"] [data-kind="pressione"]').text(), '128/82')
    assert.include($('[data-testid="latest-measurements"] [data-kind="spo2"]').text(), '97')
    assert.include($('[data-testid="latest-measurements"] [data-kind="glicemia"]').text(), '109')
    const diary = $('[data-testid="recent-diary"] li')
    assert.lengthOf(diary, 5)
    assert.include(diary.first().text(), 'Nota 7')
  })

  test('allergies and intolerances, and the registry notes, are shown apart', async ({ client, assert }) => {
    const doctor = await createUser({ role: 'titolare' })
    const patient = await createPatient({ doctorId: doctor.id, notes: 'Non tollera il lattosio' })
    await Problem.createMany([
      { patientId: patient.id, icd9Code: 'V14.0', description: 'Allergia alla penicillina', status: 'active', onsetDate: DateTime.fromISO('2000-01-01') },
      { patientId: patient.id, description: 'Intolleranza ai FANS', status: 'active', onsetDate: DateTime.fromISO('2010-01-01') },
      { patientId: patient.id, description: 'Ipertensione', status: 'active', onsetDate: DateTime.fromISO('2015-01-01') },
    ])
    const box = html(await client.get(`/pazienti/${patient.id}`).loginAs(doctor))('[data-testid="allergies"]').text()
    assert.include(box, 'Allergia alla penicillina')
    assert.include(box, 'Intolleranza ai FANS')
    assert.include(box, 'Non tollera il lattosio')
    assert.notInclude(box, 'Ipertensione')
  })

  test('with htmx a tab returns only its fragment with the tabs out of band; a history restore gets the page', async ({ client, assert }) => {
    const doctor = await createUser({ role: 'titolare' })
    const patient = await createPatient({ doctorId: doctor.id })
    const fragment = await client.get(`/pazienti/${patient.id}/diario`).header('HX-Request', 'true').loginAs(doctor)
    assert.notInclude(fragment.text(), '<html')
    const $ = html(fragment)
    assert.lengthOf($('#chart-section'), 1)
    assert.equal($('nav#chart-tabs').attr('hx-swap-oob'), 'true')
    assert.include($('nav#chart-tabs a[aria-current="page"]').text(), 'Diario')
    const summary = await client.get(`/pazienti/${patient.id}`).header('HX-Request', 'true').loginAs(doctor)
    assert.notInclude(summary.text(), '<html')
    assert.lengthOf(html(summary)('[data-testid="chart-summary"]#chart-section'), 1)
    const restore = await client.get(`/pazienti/${patient.id}/diario`).header('HX-Request', 'true').header('HX-History-Restore-Request', 'true').loginAs(doctor)
    assert.include(restore.text(), '<html')
  })
})
