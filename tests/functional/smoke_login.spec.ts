import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { createUser, PASSWORD } from '#tests/helpers/factories'

test.group('smoke: login', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a titolare logs in and reaches the home page', async ({ client, assert }) => {
    const user = await createUser({ role: 'titolare', username: 'rossi' })
    const response = await client.post('/login').form({ username: 'rossi', password: PASSWORD }).withCsrfToken().redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/')
    const home = await client.get('/').loginAs(user)
    home.assertStatus(200)
    assert.include(home.text(), user.displayName)
  })
})
