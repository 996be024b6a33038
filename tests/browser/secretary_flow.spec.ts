import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import Problem from '#models/problem'
import { createPatient, createUser, PASSWORD } from '#tests/helpers/factories'

test.group('secretary journey in the browser', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('logs in, finds a patient as she types, opens the chart and adds a problem', async ({ visit, assert }) => {
    await createUser({ role: 'collaboratore', username: 'segreteria', unrestrictedRights: true, firstName: 'Giulia', lastName: 'Conti' })
    const patient = await createPatient({ lastName: 'Bianchini', firstName: 'Carla', sex: 'F', birthDate: DateTime.fromISO('1956-04-12') })
    await createPatient({ lastName: 'Rossi', firstName: 'Mario' })

    const page = await visit('/login')
    await page.getByLabel('Nome utente').fill('segreteria')
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Accedi' }).click()
    await page.assertPath('/')

    await page.getByRole('link', { name: 'Pazienti' }).first().click()
    await page.assertPath('/pazienti')
    // typing, no submit: htmx fetches the results as she types
    await page.locator('#patient-q').pressSequentially('bianch', { delay: 40 })
    await page.locator('[data-testid="patient-results"]').waitFor()
    await page.assertTextContains('[data-testid="patient-results"]', 'Bianchini Carla')
    assert.notInclude(await page.locator('[data-testid="patient-results"]').textContent(), 'Rossi')

    await page.getByRole('link', { name: 'Bianchini Carla' }).click()
    await page.assertPath(`/pazienti/${patient.id}`)
    await page.assertTextContains('[data-testid="patient-header"]', 'Bianchini Carla')

    await page.locator('nav.tabs').getByRole('link', { name: 'Problemi' }).click()
    await page.assertPath(`/pazienti/${patient.id}/problemi`)
    const form = page.locator('[data-testid="form-problemi"]')
    await form.getByLabel('Codice ICD9-CM').fill('401.9')
    await form.getByLabel('Descrizione').fill('Ipertensione essenziale')
    await form.getByLabel('Data di insorgenza').fill('2021-03-15')
    await form.getByRole('button', { name: 'Salva' }).click()
    await page.locator('[data-testid="section-problemi"] tbody >> text=Ipertensione essenziale').waitFor()
    // the page was not reloaded: htmx swapped the section in place
    await page.assertPath(`/pazienti/${patient.id}/problemi`)
    const saved = await Problem.findByOrFail('patient_id', patient.id)
    assert.equal(saved.icd9Code, '401.9')
  })

  test('a wrong date is shown next to the field and what she typed stays', async ({ visit }) => {
    const secretary = await createUser({ role: 'collaboratore', unrestrictedRights: true })
    const patient = await createPatient()
    const page = await visit('/login')
    await page.getByLabel('Nome utente').fill(secretary.username)
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Accedi' }).click()
    await page.goto(`/pazienti/${patient.id}/diario`)
    const form = page.locator('[data-testid="form-diario"]')
    await form.getByLabel('Data').fill(DateTime.now().plus({ days: 10 }).toISODate()!)
    await form.getByLabel('Testo').fill('Telefonata della figlia')
    await form.getByRole('button', { name: 'Salva' }).click()
    await page.locator('#f-entry_date-error').waitFor()
    await page.assertTextContains('#f-entry_date-error', 'futuro')
    await page.assertInputValue('#f-text', 'Telefonata della figlia')
  })
})
