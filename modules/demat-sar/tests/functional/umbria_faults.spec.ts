import { test } from '@japa/runner'
import studioModules from '#services/studio_modules'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import type { SendOutcome } from '#services/demat/region_plugin'
import { doctor, patientCf, prescription, umbriaRig } from '../support/umbria.js'

test.group('Umbria SAR under faults', (group) => {
  // Its tables exist only where the module runs: npm test runs this file again with STUDIO_REGION=umbria.
  group.tap((t) => t.skip(!studioModules.isEnabled('demat-sar'), 'demat-sar is loaded only for a SAR region (STUDIO_REGION)'))
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('300 prescriptions, 30% failures and 10% timeouts: each ends with exactly one NRE', async ({ assert, cleanup }) => {
    const rig = await umbriaRig({ hangMs: 300, faults: { failRate: 0.3, timeoutRate: 0.1, lostShare: 0.5, seed: 7 } }, { timeoutMs: 120 })
    cleanup(() => rig.stop())
    rig.simulator.keepReceived = false
    const ctx = doctor()
    const prescriptions = Array.from({ length: 300 }, (_, i) => prescription({ patient: { fiscalCode: patientCf(i), lastName: 'Prova', firstName: `N${i}` } }))
    const accepted = new Map<number, SendOutcome>()
    let attempts = 0
    let waits = 0

    // As the prescriptions module does: after a failed attempt, reconcile before sending again.
    async function deliver(p: (typeof prescriptions)[number]) {
      for (let attempt = 0; attempt < 40; attempt++) {
        attempts++
        try {
          const found = attempt > 0 ? await rig.plugin.reconcile(p, ctx) : null
          const outcome = found ?? (await rig.plugin.send(p, ctx))
          if (outcome.status === 'rejected') throw new Error(`rifiutata: ${outcome.messages.map((m) => m.code).join(',')}`)
          accepted.set(p.localId, outcome)
          return
        } catch (error) {
          if (rig.plugin.classify(error) !== 'transport' && !/lotto/.test((error as Error).message)) throw error
          waits++
        }
      }
      throw new Error(`ricetta ${p.localId} mai accettata`)
    }

    const queue = [...prescriptions]
    await Promise.all(Array.from({ length: 10 }, async () => {
      while (queue.length) await deliver(queue.shift()!)
    }))

    const active = rig.simulator.active()
    const nres = [...accepted.values()].map((o) => o.nre!)
    const byCompiledAt = new Map<string, number>()
    for (const r of active) byCompiledAt.set(r.body.dataCompilazione, (byCompiledAt.get(r.body.dataCompilazione) ?? 0) + 1)
    const reused = await db.from('sar_nre_reservations').select('nre').groupBy('nre').havingRaw('count(*) > 1')

    console.log(
      `  prescrizioni ${prescriptions.length}, accettate ${accepted.size}, NRE distinti ${new Set(nres).size}, ` +
        `attive al SAR ${active.length}, NRE annullati e scartati ${rig.simulator.stats.burned}, lotti ${rig.simulator.stats.lots}, ` +
        `chiamate ${rig.simulator.stats.calls}, guasti ${rig.simulator.stats.faults} (risposte perse ${rig.simulator.stats.lost}), ` +
        `tentativi ${attempts}, attese ${waits}`
    )
    assert.equal(accepted.size, 300)
    assert.equal(new Set(nres).size, 300)
    assert.equal(active.length, 300)
    assert.isTrue([...byCompiledAt.values()].every((n) => n === 1))
    assert.sameMembers(active.map((r) => r.nre), nres)
    assert.lengthOf(reused, 0)
    assert.isAbove(rig.simulator.stats.faults, 100)
  }).timeout(180_000)
})
