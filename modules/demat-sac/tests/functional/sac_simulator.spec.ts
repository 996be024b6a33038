import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SacPlugin } from '../../services/sac_plugin.js'
import { SanitelCertificate } from '../../services/sanitel_cf.js'
import { SacSimulator } from '../../services/simulator/sac_simulator.js'
import { sacMessage } from '../../services/error_messages.js'
import { OPERATIONS } from '../../services/soap/protocol.js'
import { DOCTOR, doctorContext, prescription, watchSentRequests } from '../support.js'

let simulator: SacSimulator
let plugin: SacPlugin
let keyDir: string

function pluginFor(sim: SacSimulator, timeoutMs = 5_000) {
  return new SacPlugin({ baseUrl: sim.url, timeoutMs, requestsPerSecond: 0, certificate: async () => new SanitelCertificate(sim.certificatePem) })
}

test.group('SAC plugin against the simulator', (group) => {
  group.setup(async () => {
    keyDir = await mkdtemp(join(tmpdir(), 'sac-sim-'))
    simulator = await new SacSimulator({ keyDir, doctors: [DOCTOR] }).start()
    plugin = pluginFor(simulator)
    return async () => {
      await plugin.close()
      await simulator.close()
      await rm(keyDir, { recursive: true, force: true })
    }
  })

  test('a sent prescription gets an NRE of the region and a 30-digit authentication code', async ({ assert }) => {
    const outcome = await plugin.send(prescription(), doctorContext())
    assert.equal(outcome.status, 'accepted')
    assert.match(outcome.nre!, /^1200A[0-9]{10}$/)
    assert.match(outcome.authCode!, /^[0-9]{30}$/)
    assert.match(outcome.insertedAt!, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
    const stored = simulator.prescriptions.get(outcome.nre!)!
    assert.equal(stored.patientCode, 'RSSMRA85T10A562S')
    assert.equal(stored.compiledAt, '2026-09-30 16:05:07')
  })

  test('view reads the status back; cancel moves it to 4; a second cancel is refused with 1120', async ({ assert }) => {
    const sent = await plugin.send(prescription(), doctorContext())
    const view = await plugin.view(sent.nre!, doctorContext())
    assert.deepInclude(view, { found: true, remoteStatus: '3', authCode: sent.authCode })
    assert.equal((await plugin.cancel(sent.nre!, doctorContext())).status, 'cancelled')
    assert.equal((await plugin.view(sent.nre!, doctorContext())).remoteStatus, '4')
    const again = await plugin.cancel(sent.nre!, doctorContext())
    assert.equal(again.status, 'refused')
    assert.equal(again.messages[0].code, '1120')
  })

  test('a prescription already dispensed cannot be cancelled', async ({ assert }) => {
    const sent = await plugin.send(prescription(), doctorContext())
    const response = await fetch(`${simulator.url}/__simulator/status`, { method: 'POST', body: JSON.stringify({ nre: sent.nre, status: '8' }) })
    assert.equal(response.status, 200)
    assert.equal((await plugin.view(sent.nre!, doctorContext())).remoteStatus, '8')
    const outcome = await plugin.cancel(sent.nre!, doctorContext())
    assert.equal(outcome.status, 'refused')
    assert.deepEqual(outcome.messages[0], { code: '1120', text: sacMessage('1120'), itemIndex: null, severity: 'blocking' })
  })

  test('an unknown NRE is not found (5005)', async ({ assert }) => {
    const view = await plugin.view('1200A0000000001', doctorContext())
    assert.isFalse(view.found)
    assert.equal(view.messages[0].code, '5005')
  })

  test('a patient CF with a wrong check character is rejected with 1024 and an Italian message', async ({ assert }) => {
    const p = prescription({ patient: { fiscalCode: 'RSSMRA85T10A562T', lastName: 'Rossi', firstName: 'Mario' } })
    assert.equal(plugin.validate(p)[0].code, '1024')
    const outcome = await plugin.send(p, doctorContext())
    assert.equal(outcome.status, 'rejected')
    assert.deepEqual(outcome.messages, [{ code: '1024', text: 'Codice fiscale errato: il carattere di controllo non corrisponde.', itemIndex: null, severity: 'blocking' }])
  })

  test('an ASL code that is not three digits is rejected with 1019', async ({ assert }) => {
    const outcome = await plugin.send(prescription(), { ...doctorContext(), aslCode: '20' })
    assert.equal(outcome.status, 'rejected')
    assert.equal(outcome.messages[0].code, '1019')
  })

  test('a wrong pincode and a wrong password are credential failures, not rejections', async ({ assert }) => {
    const wrongPin = await plugin.send(prescription(), doctorContext({ pincode: '0000000000' })).catch((e) => e)
    assert.equal(plugin.classify(wrongPin), 'auth')
    assert.equal(wrongPin.code, '1002')
    const wrongPassword = await plugin.view('1200A0000000001', doctorContext({ password: 'sbagliata' })).catch((e) => e)
    assert.equal(plugin.classify(wrongPassword), 'auth')
  })

  test('a quantity of two digits breaks the schema: SOAP Fault cvc-pattern-valid', async ({ assert }) => {
    const p = prescription({ items: [{ code: '036816015', description: 'AUGMENTIN', quantity: 12 }] })
    assert.isNotEmpty(plugin.validate(p))
    const error = await plugin.send(p, doctorContext()).catch((e) => e)
    assert.equal(plugin.classify(error), 'schema')
    assert.match(error.message, /cvc-pattern-valid/)
  })

  test('tags out of order are refused by the simulator like the XSD does', async ({ assert }) => {
    const body = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:vis="${OPERATIONS.visualizza.requestNs}"><soapenv:Body><vis:VisualizzaPrescrittoRichiesta><vis:nre>1</vis:nre><vis:pinCode>x</vis:pinCode><vis:cfMedico>x</vis:cfMedico></vis:VisualizzaPrescrittoRichiesta></soapenv:Body></soapenv:Envelope>`
    const response = await fetch(simulator.url + OPERATIONS.visualizza.path, {
      method: 'POST',
      body,
      headers: { 'SOAPAction': `"${OPERATIONS.visualizza.action}"`, 'Authorization': `Basic ${Buffer.from(`${DOCTOR.username}:${DOCTOR.password}`).toString('base64')}` },
    })
    assert.equal(response.status, 500)
    assert.include(await response.text(), 'cvc-complex-type.2.4.a')
  })

  test('after a lost answer reconcile finds the copy the service kept', async ({ assert }) => {
    const p = prescription({ compiledAt: '2026-10-01 09:00:00' })
    simulator.faults = { dropRate: 1 }
    const outcome = await plugin.send(p, doctorContext())
    simulator.faults = {}
    assert.equal(outcome.status, 'uncertain')
    const found = await plugin.reconcile(p, doctorContext())
    assert.equal(found?.status, 'accepted')
    assert.equal(simulator.prescriptions.get(found!.nre!)?.compiledAt, '2026-10-01 09:00:00')
    assert.isNull(await plugin.reconcile(prescription({ compiledAt: '2026-10-01 10:00:00' }), doctorContext()))
  })
})

const PATIENTS = [
  { fiscalCode: 'RSSMRA85T10A562S', lastName: 'Rossi', firstName: 'Mario' },
  { fiscalCode: 'PNIMRA70A01H501P', lastName: 'Pini', firstName: 'Maria' },
  { fiscalCode: 'RSSMRA85T10A56NH', lastName: 'Rossi', firstName: 'Marco' },
]

function compiledAt(i: number) {
  // Several prescriptions share a second, as when a doctor validates a batch.
  return new Date(Date.UTC(2026, 9, 2, 8, 0, 0) + Math.floor(i / 3) * 30_000).toISOString().slice(0, 19).replace('T', ' ')
}

test.group('SAC fault behaviour', () => {
  test('1,000 prescriptions while the service fails 30% and times out 10%: one NRE each, none lost, none duplicated', async ({ assert }) => {
    const dir = await mkdtemp(join(tmpdir(), 'sac-fault-'))
    const sim = await new SacSimulator({ keyDir: dir, doctors: [DOCTOR], faults: { failRate: 0.3, timeoutRate: 0.1, hangMs: 2_000 } }).start()
    const client = pluginFor(sim, 1_000)
    const sent = watchSentRequests(sim.url)
    const ctx = doctorContext()
    const counts = { sends: 0, uncertain: 0, transportErrors: 0, reconciles: 0, reconcileFailures: 0, adoptedByReconcile: 0 }
    const total = Number(process.env.SAC_FAULT_TOTAL ?? 1000)
    const results: Array<{ nre: string; compiledAt: string; patient: string }> = []
    // The first failure stops every worker: the others must not go on against a test that is over.
    let failed = false

    async function deliver(i: number) {
      const p = prescription({ localId: i, compiledAt: compiledAt(i), patient: PATIENTS[i % 3], items: [{ code: '036816015', description: 'AUGMENTIN', quantity: 1 + (i % 2) }] })
      let reconcileFirst = false
      let justFailed = false
      for (let attempt = 0; attempt < 300 && !failed; attempt++) {
        if (reconcileFirst) {
          // The module retries after a backoff (minutes): a request still queued at the
          // service when the client gave up has been processed by then. Here: wait until the
          // service has received everything the client wrote and is through with it.
          if (justFailed) await sim.settled(sent.byPort)
          justFailed = false
          counts.reconciles++
          try {
            const found = await client.reconcile(p, ctx)
            if (found) {
              counts.adoptedByReconcile++
              return results.push({ nre: found.nre!, compiledAt: p.compiledAt, patient: p.patient.fiscalCode })
            }
            reconcileFirst = false
          } catch {
            counts.reconcileFailures++
            continue
          }
        }
        counts.sends++
        try {
          const outcome = await client.send(p, ctx)
          if (outcome.status === 'uncertain') {
            counts.uncertain++
            reconcileFirst = true
            justFailed = true
            continue
          }
          if (outcome.status !== 'accepted' && outcome.status !== 'accepted_with_warnings') {
            throw new Error(`prescription ${i}, attempt ${attempt}: ${outcome.status} ${JSON.stringify(outcome.messages)}`)
          }
          return results.push({ nre: outcome.nre!, compiledAt: p.compiledAt, patient: p.patient.fiscalCode })
        } catch (error) {
          // Anything but a transport failure is a finding: its whole text goes in the report.
          if (client.classify(error) !== 'transport') throw error
          counts.transportErrors++
          reconcileFirst = true
          justFailed = true
        }
      }
      if (!failed) throw new Error(`prescription ${i} never delivered`)
    }

    let next = 0
    const started = Date.now()
    try {
      await Promise.all(
        Array.from({ length: 100 }, async () => {
          try {
            while (next < total && !failed) await deliver(next++)
          } catch (error) {
            failed = true
            throw error
          }
        })
      )
    } finally {
      sent.stop()
      await client.close()
      await sim.close()
      await rm(dir, { recursive: true, force: true })
    }
    const stored = [...sim.prescriptions.values()]
    const nres = new Set(results.map((r) => r.nre))
    const perPrescription = new Map<string, number>()
    for (const s of stored) {
      const key = `${s.compiledAt}|${s.patientCode}|${s.items[0].quantita}`
      perPrescription.set(key, (perPrescription.get(key) ?? 0) + 1)
    }
    const summary = { prescriptions: total, delivered: results.length, distinctNres: nres.size, storedAtSimulator: stored.length, duplicated: [...perPrescription.values()].filter((n) => n > 1).length, ...counts, simulatorRequests: sim.stats.requests, simulatorFaults: sim.stats.faults, seconds: (Date.now() - started) / 1000 }
    console.log('SAC fault test:', JSON.stringify(summary))

    assert.equal(results.length, total)
    assert.equal(nres.size, total)
    assert.equal(stored.length, total)
    assert.equal(summary.duplicated, 0)
    for (const r of results) assert.equal(sim.prescriptions.get(r.nre)?.compiledAt, r.compiledAt)
  })
    .timeout(240_000)
    .skip(db.connection().dialect.name === 'mysql', 'uses no database: it runs once, in the SQLite pass')
})
