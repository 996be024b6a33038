import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { createUser, PASSWORD } from '#tests/helpers/factories'

test.group('staff login in the browser', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a doctor page cannot be reached without login', async ({ visit }) => {
    const page = await visit('/medico')
    await page.assertPath('/login')
    await page.assertTextContains('h1', 'Accesso allo studio')
  })

  test('a doctor logs in, sees the menu of the enabled modules, and logs out', async ({ visit, assert }) => {
    await createUser({ role: 'titolare', username: 'rossi', firstName: 'Mario', lastName: 'Rossi' })
    const page = await visit('/login')
    await page.getByLabel('Nome utente').fill('rossi')
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Accedi' }).click()
    await page.assertPath('/')
    await page.assertTextContains('[data-testid="current-user"]', 'Dott. Mario Rossi')
    const nav = await page.locator('#main-nav').textContent()
    assert.include(nav, 'Medico e ambulatori')
    await page.getByRole('button', { name: 'Esci' }).click()
    await page.assertPath('/login')
  })

  test('a wrong password shows the error and keeps the username', async ({ visit }) => {
    await createUser({ role: 'collaboratore', username: 'segreteria' })
    const page = await visit('/login')
    await page.getByLabel('Nome utente').fill('segreteria')
    await page.getByLabel('Password').fill('sbagliata1')
    await page.getByRole('button', { name: 'Accedi' }).click()
    await page.assertTextContains('.flash-error', 'Tentativi rimasti prima del blocco')
    await page.assertInputValue('#f-username', 'segreteria')
  })
})
