import { test } from '@japa/runner'
import studioModules from '#services/studio_modules'
import { verifyJwt } from '../../adapters/umbria/jwt.js'
import { PATHS } from '../../adapters/umbria/wire.js'
import { UmbriaPlugin } from '../../adapters/umbria/umbria_plugin.js'
import { DOCTOR_CF, doctor, pluginConfig, umbriaRig } from '../support/umbria.js'
import { tlsIdentity } from '../support/umbria_tls.js'

test.group('Umbria SAR credentials test against its simulator', (group) => {
  // Loaded only where the module runs: npm test runs this file again with STUDIO_REGION=umbria.
  group.tap((t) => t.skip(!studioModules.isEnabled('demat-sar'), 'demat-sar is loaded only for a SAR region (STUDIO_REGION)'))

  test('a used-NRE query for today, read-only and signed as the doctor, says the credentials work', async ({ assert, cleanup }) => {
    const rig = await umbriaRig()
    cleanup(() => rig.stop())
    const outcome = await rig.plugin.testCredentials(doctor())
    assert.isTrue(outcome.ok)
    assert.match(outcome.message, /^Credenziali accettate dal SAR Umbria/)
    assert.deepEqual(outcome.messages, [])

    assert.lengthOf(rig.simulator.received, 1)
    const [call] = rig.simulator.received
    assert.equal(call.path, PATHS.usedNre)
    assert.equal(call.body.cfMedico, DOCTOR_CF)
    assert.equal(call.body.tipoPrescr, 'F')
    assert.match(call.body.dataCompilazioneRicettaDal, /^\d{4}-\d{2}-\d{2} 00:00:00$/)
    assert.equal(call.body.dataCompilazioneRicettaAl, call.body.dataCompilazioneRicettaDal.slice(0, 10) + ' 23:59:59')
    const signature = verifyJwt(String(call.headers['fse-jwt-signature']), rig.keys.publicKey)
    assert.equal(signature.payload.action_id, 'READ')
    assert.notProperty(signature.payload, 'person_id')
    // Nothing created at the SAR.
    assert.equal(rig.simulator.stats.lots + rig.simulator.stats.registered + rig.simulator.stats.red, 0)
  })

  test('tokens signed with a key the SAR does not trust: ok false, in Italian', async ({ assert, cleanup }) => {
    const rig = await umbriaRig()
    cleanup(() => rig.stop())
    const other = await umbriaRig()
    cleanup(() => other.stop())
    const intruder = new UmbriaPlugin(pluginConfig(rig.simulator.url, other.keys.privateKey))
    cleanup(() => intruder.close())
    const outcome = await intruder.testCredentials(doctor())
    assert.isFalse(outcome.ok)
    assert.match(outcome.message, /rifiutato le credenziali \(HTTP 401\).*firma del token non valida/)
  })

  test('the SAR answers with an error (region not enabled): ok false with its message', async ({ assert, cleanup }) => {
    const rig = await umbriaRig()
    cleanup(() => rig.stop())
    const outcome = await rig.plugin.testCredentials(doctor({ regionCode: '130' }))
    assert.isFalse(outcome.ok)
    assert.equal(outcome.message, 'Il SAR Umbria ha risposto con un errore: 1006 Regione non abilitata al servizio.')
    assert.equal(outcome.messages[0].code, '1006')
  })

  test('mutual TLS: the studio certificate is accepted, an unknown or missing one is refused by the gateway', async ({ assert, cleanup }) => {
    const server = tlsIdentity('127.0.0.1')
    const studio = tlsIdentity('Studio MG')
    const stranger = tlsIdentity('Sconosciuto')
    const rig = await umbriaRig({ tls: { cert: server.cert, key: server.key, ca: studio.cert } }, { tls: { cert: studio.cert, key: studio.key, ca: server.cert } })
    cleanup(() => rig.stop())
    assert.match(rig.simulator.url, /^https:/)
    assert.isTrue((await rig.plugin.testCredentials(doctor())).ok)

    for (const tls of [{ cert: stranger.cert, key: stranger.key, ca: server.cert }, { ca: server.cert }]) {
      const plugin = new UmbriaPlugin(pluginConfig(rig.simulator.url, rig.keys.privateKey, { tls }))
      cleanup(() => plugin.close())
      const outcome = await plugin.testCredentials(doctor())
      assert.isFalse(outcome.ok)
      assert.match(outcome.message, /^Il SAR Umbria ha rifiutato le credenziali \(HTTP 403\): Certificato client assente o non riconosciuto/)
      // A credentials problem: the doctor is asked, nothing is retried.
      const error = await plugin.view('1000A0000000101', doctor()).catch((e) => e)
      assert.equal(plugin.classify(error), 'auth')
    }
    assert.lengthOf(rig.simulator.received, 1)
  })

  test('mutual TLS refused at the handshake: ok false, and never taken for an uncertain send', async ({ assert, cleanup }) => {
    const server = tlsIdentity('127.0.0.1')
    const studio = tlsIdentity('Studio MG')
    const stranger = tlsIdentity('Sconosciuto')
    const strict = await umbriaRig({ tls: { cert: server.cert, key: server.key, ca: studio.cert, refuseAtHandshake: true } }, { tls: { ca: server.cert } })
    cleanup(() => strict.stop())
    // TLS 1.3 without a certificate: the server's alert "certificate required" (a reset racing
    // the alert, on a loaded machine, reads as a dropped connection).
    const missing = await strict.plugin.testCredentials(doctor())
    assert.isFalse(missing.ok)
    assert.match(missing.message, /^Il SAR Umbria ha rifiutato il certificato client della connessione protetta \(ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED\)|ECONNRESET/)
    assert.oneOf(strict.plugin.classify(await strict.plugin.view('1000A0000000101', doctor()).catch((e) => e)), ['auth', 'transport'])
    assert.lengthOf(strict.simulator.received, 0)

    // TLS 1.2: the connection drops before it is established; nothing left, so nothing uncertain.
    const old = await umbriaRig({ tls: { cert: server.cert, key: server.key, ca: studio.cert, refuseAtHandshake: true, maxVersion: 'TLSv1.2' } })
    cleanup(() => old.stop())
    for (const tls of [{ cert: stranger.cert, key: stranger.key, ca: server.cert }, { ca: server.cert }]) {
      const plugin = new UmbriaPlugin(pluginConfig(old.simulator.url, old.keys.privateKey, { tls }))
      cleanup(() => plugin.close())
      const outcome = await plugin.testCredentials(doctor())
      assert.isFalse(outcome.ok)
      assert.match(outcome.message, /^Connessione protetta con il SAR Umbria non stabilita .*verificare il certificato client\.$/)
      const error = await plugin.view('1000A0000000101', doctor()).catch((e) => e)
      assert.equal(plugin.classify(error), 'transport')
      assert.isFalse(error.uncertain)
    }
    assert.lengthOf(old.simulator.received, 0)
  })

  test('the SAR unreachable: ok false, saying the service did not answer', async ({ assert, cleanup }) => {
    const rig = await umbriaRig()
    const url = rig.simulator.url
    await rig.stop()
    const plugin = new UmbriaPlugin(pluginConfig(url, rig.keys.privateKey))
    cleanup(() => plugin.close())
    const outcome = await plugin.testCredentials(doctor())
    assert.isFalse(outcome.ok)
    assert.match(outcome.message, /^Collegamento al SAR Umbria non riuscito \(ECONNREFUSED\)/)
  })
})
