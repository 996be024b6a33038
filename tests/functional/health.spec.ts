import { test } from '@japa/runner'

test.group('GET /health', () => {
  test('reports database, queue, modules and region', async ({ client, assert }) => {
    const response = await client.get('/health')
    response.assertStatus(200)
    const body = response.body()
    assert.equal(body.status, 'ok')
    assert.equal(body.db, 'ok')
    assert.oneOf(body.queue, ['ok', 'inline'])
    assert.include(body.modules, 'medico')
    assert.isString(body.region)
  })
})
