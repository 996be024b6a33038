import { test } from '@japa/runner'
import { requestedModules, studioRegion } from '#config/modules'
import { availableModuleNames, enabledModules, unknownRequestedModules } from '#core/modules/module_registry'

function withEnv(env: Record<string, string | undefined>, fn: () => Promise<void> | void) {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]))
  Object.assign(process.env, env)
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k]
  return Promise.resolve(fn()).finally(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  })
}

test.group('module registry', () => {
  test('STUDIO_MODULES defaults to every module', async ({ assert }) => {
    await withEnv({ STUDIO_MODULES: undefined, STUDIO_REGION: 'lazio' }, async () => {
      assert.equal(requestedModules(), 'all')
      const names = (await enabledModules()).map((m) => m.name)
      // Every module, but only the region plugin of the installation's region (Lazio: SAC).
      assert.deepEqual(names, availableModuleNames().filter((n) => n !== 'demat-sar'))
      assert.include(names, 'medico')
    })
    await withEnv({ STUDIO_MODULES: undefined, STUDIO_REGION: 'umbria' }, async () => {
      const names = (await enabledModules()).map((m) => m.name)
      assert.include(names, 'demat-sar')
      assert.notInclude(names, 'demat-sac')
    })
  })

  test('STUDIO_MODULES=none enables nothing, a list enables just those', async ({ assert }) => {
    await withEnv({ STUDIO_MODULES: 'none' }, async () => {
      assert.deepEqual(await enabledModules(), [])
    })
    await withEnv({ STUDIO_MODULES: ' Medico ' }, async () => {
      assert.deepEqual((await enabledModules()).map((m) => m.name), ['medico'])
    })
  })

  test('an unknown module name is reported, not silently ignored', async ({ assert }) => {
    await withEnv({ STUDIO_MODULES: 'medico,agendaa' }, () => {
      assert.deepEqual(unknownRequestedModules(), ['agendaa'])
    })
  })

  test('region names are normalised', async ({ assert }) => {
    await withEnv({ STUDIO_REGION: "Valle d'Aosta" }, () => {
      assert.equal(studioRegion(), 'valle-d-aosta')
    })
    await withEnv({ STUDIO_REGION: undefined }, () => {
      assert.equal(studioRegion(), 'lazio')
    })
  })

  test('a module declares what it adds in one entry file', async ({ assert }) => {
    const [medico] = await withEnvValue({ STUDIO_MODULES: 'medico' })
    assert.equal(medico.name, 'medico')
    assert.isFunction(medico.routes)
    assert.isAbove(medico.nav!.length, 0)
    assert.property(medico.abilities!, 'editHours')
    assert.isNotNull(medico.viewsPath)
  })
})

async function withEnvValue(env: Record<string, string>) {
  let result: Awaited<ReturnType<typeof enabledModules>> = []
  await withEnv(env, async () => {
    result = await enabledModules()
  })
  return result
}
