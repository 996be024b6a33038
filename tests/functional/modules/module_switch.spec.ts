import { test } from '@japa/runner'
import { aceInChild, serverInChild } from '#tests/helpers/child_app'

/*
| A disabled module registers nothing: these run the app in a child process with another
| STUDIO_MODULES, as an installation would.
*/
test.group('module enable/disable', () => {
  test('disabling a module removes its routes', async ({ assert }) => {
    const enabled = await aceInChild(['list:routes', '--json'], { STUDIO_MODULES: 'all' })
    const disabled = await aceInChild(['list:routes', '--json'], { STUDIO_MODULES: 'none' })
    const patterns = (json: string) =>
      JSON.parse(json)
        .flatMap((domain: any) => domain.routes)
        .map((r: any) => r.pattern as string)
    assert.include(patterns(enabled), '/medico')
    assert.notInclude(patterns(disabled), '/medico')
    // the core stays
    assert.include(patterns(disabled), '/health')
    assert.include(patterns(disabled), '/login')
  }).timeout(60_000)

  test('a server without the module answers 404 and /health does not list it', async ({ assert }) => {
    const server = await serverInChild(3391, { STUDIO_MODULES: 'none', SQLITE_PATH: 'tmp/test-modules.sqlite3' })
    try {
      const health = (await (await fetch(`${server.baseUrl}/health`)).json()) as { modules: string[] }
      assert.deepEqual(health.modules, [])
      const medico = await fetch(`${server.baseUrl}/medico`, { redirect: 'manual' })
      assert.equal(medico.status, 404)
    } finally {
      await server.stop()
    }
    const withModule = await serverInChild(3392, { STUDIO_MODULES: 'medico', SQLITE_PATH: 'tmp/test-modules.sqlite3' })
    try {
      const health = (await (await fetch(`${withModule.baseUrl}/health`)).json()) as { modules: string[] }
      assert.deepEqual(health.modules, ['medico'])
      const medico = await fetch(`${withModule.baseUrl}/medico`, { redirect: 'manual' })
      assert.equal(medico.status, 302) // exists, behind the login
    } finally {
      await withModule.stop()
    }
  }).timeout(90_000)
})
