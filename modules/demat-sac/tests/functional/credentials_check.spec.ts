import { test } from '@japa/runner'
import type { SacPlugin } from '../../services/sac_plugin.js'
import type { SacSimulator } from '../../services/simulator/sac_simulator.js'
import { SacTransportError } from '../../services/soap/errors.js'
import { sacMessage } from '../../services/error_messages.js'
import { doctorContext, prescription, simulatorPlugin, startSimulator } from '../support.js'

let simulator: SacSimulator
let plugin: SacPlugin

test.group('"Prova credenziali" against the SAC simulator', (group) => {
  group.setup(async () => {
    const started = await startSimulator()
    simulator = started.simulator
    plugin = simulatorPlugin(simulator)
    return async () => {
      await plugin.close()
      await started.stop()
    }
  })

  test('right credentials: ok, with the count of today’s drug prescriptions, and nothing changes at the service', async ({ assert }) => {
    const before = simulator.prescriptions.size
    const outcome = await plugin.testCredentials(doctorContext())
    assert.isTrue(outcome.ok)
    assert.match(outcome.message, /^Credenziali valide: il servizio SAC ha accettato utente, password e pincode \(0 ricette farmaceutiche inviate oggi\)\.$/)
    assert.isEmpty(outcome.messages)
    assert.equal(simulator.prescriptions.size, before)
    assert.equal(simulator.stats.byOperation.interrogaNre, 1)
  })

  test('a prescription compiled today is counted', async ({ assert }) => {
    const now = new Date()
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome', dateStyle: 'short', timeStyle: 'medium' }).format(now)
    await plugin.send(prescription({ compiledAt: today }), doctorContext())
    const outcome = await plugin.testCredentials(doctorContext())
    assert.include(outcome.message, '(1 ricetta farmaceutica inviata oggi)')
  })

  test('a wrong password (SOAP Fault "Credenziali invalide", HTTP 500): not ok, in Italian', async ({ assert }) => {
    const outcome = await plugin.testCredentials(doctorContext({ password: 'sbagliata' }))
    assert.isFalse(outcome.ok)
    assert.equal(outcome.message, 'Utente o password del Sistema TS non accettati dal servizio: li controlli nelle «Credenziali ricetta».')
  })

  test('a wrong pincode (1002): not ok, with the code', async ({ assert }) => {
    const outcome = await plugin.testCredentials(doctorContext({ pincode: '0000000000' }))
    assert.isFalse(outcome.ok)
    assert.equal(outcome.message, sacMessage('1002'))
    assert.deepEqual(outcome.messages, [{ code: '1002', text: sacMessage('1002'), itemIndex: null, severity: 'blocking' }])
  })

  test('a service that cannot be reached throws a transport error for the caller to show', async ({ assert }) => {
    const started = await startSimulator()
    const gone = simulatorPlugin(started.simulator)
    await started.stop()
    const error = await gone.testCredentials(doctorContext()).catch((e) => e)
    await gone.close()
    assert.instanceOf(error, SacTransportError)
    assert.equal(gone.classify(error), 'transport')
    assert.match(error.message, /^Servizio non raggiungibile/)
  })

  test('production two-factor rule: without a valid session no call is made; with one, it travels as Authorization2F', async ({ assert }) => {
    const strict = simulatorPlugin(simulator, { twoFactorRequired: true, twoFactorSession: (ctx) => ctx.twoFactorSession?.id ?? null })
    try {
      const before = simulator.stats.requests
      const error = await strict.send(prescription(), doctorContext()).catch((e) => e)
      assert.equal(strict.classify(error), 'auth')
      assert.include(error.message, 'Sessione a due fattori del Sistema TS mancante o scaduta')
      assert.equal(simulator.stats.requests, before, 'nothing reached the service')

      const ctx = { ...doctorContext(), twoFactorSession: { id: 'A2F-SESSIONE-123', expiresAt: new Date(Date.now() + 3_600_000).toISOString() } }
      const outcome = await strict.testCredentials(ctx)
      assert.isTrue(outcome.ok)
      assert.equal(simulator.twoFactorHeaders.at(-1), 'Bearer A2F-SESSIONE-123')
    } finally {
      await strict.close()
    }
  })
})
