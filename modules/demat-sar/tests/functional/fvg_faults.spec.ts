import { test } from '@japa/runner'
import type { PrescriptionToSend, SendOutcome } from '#services/demat/region_plugin'
import { doctor, fvgRig, patientCf, prescription, skipUnlessFvg } from '../support/fvg.js'

test.group('FVG SAR under faults', (group) => {
  group.tap((t) => t.skip(skipUnlessFvg(), 'the FVG adapter loads only with STUDIO_REGION=friuli-venezia-giulia: run in that pass'))

  test('300 prescriptions, 30% failures and 10% timeouts: each ends with exactly one NRE', async ({ assert, cleanup }) => {
    // Client timeout sized for a loaded machine: a slow honest answer must not look like a fault.
    const rig = await fvgRig({ hangMs: 1_500, faults: { failRate: 0.3, timeoutRate: 0.1, lostShare: 0.5, seed: 7 } }, { timeoutMs: 1_000 })
    cleanup(() => rig.stop())
    rig.simulator.keepReceived = false
    const ctx = doctor()
    const prescriptions = Array.from({ length: 300 }, (_, i) => prescription({ patient: { fiscalCode: patientCf(i), lastName: 'Prova', firstName: `N${i}` } }))
    const accepted = new Map<number, SendOutcome>()
    let attempts = 0
    let waits = 0
    let uncertain = 0

    // As the prescriptions module does: after a failed or uncertain attempt, reconcile before sending again.
    async function deliver(p: PrescriptionToSend) {
      let last = ''
      for (let attempt = 0; attempt < 60; attempt++) {
        attempts++
        try {
          const found = attempt > 0 ? await rig.plugin.reconcile(p, ctx) : null
          const outcome = found ?? (await rig.plugin.send(p, ctx))
          if (outcome.status === 'uncertain') {
            uncertain++
            last = outcome.messages[0]?.text ?? 'esito incerto'
            continue
          }
          if (outcome.status === 'rejected') throw new Error(`rifiutata: ${outcome.messages.map((m) => m.code).join(',')}`)
          accepted.set(p.localId, outcome)
          return
        } catch (error) {
          if (rig.plugin.classify(error) !== 'transport') throw error
          last = (error as Error).message
          waits++
        }
      }
      throw new Error(`ricetta ${p.localId} mai accettata (ultimo errore: ${last})`)
    }

    const queue = [...prescriptions]
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (queue.length) await deliver(queue.shift()!)
      })
    )

    const active = rig.simulator.active()
    const nres = [...accepted.values()].map((o) => o.nre!)
    const byCompiledAt = new Map<string, number>()
    for (const r of active) byCompiledAt.set(r.compiledAt, (byCompiledAt.get(r.compiledAt) ?? 0) + 1)
    const { stats } = rig.simulator
    console.log(
      `  prescrizioni ${prescriptions.length}, accettate ${accepted.size}, NRE distinti ${new Set(nres).size}, ` +
        `registrate al SAR ${stats.registered}, attive ${active.length}, chiamate ${stats.calls} (${JSON.stringify(stats.byOperation)}), ` +
        `guasti ${stats.faults} (risposte perse dopo la registrazione ${stats.lost}), tentativi ${attempts}, esiti incerti ${uncertain}, errori di trasporto ${waits}`
    )
    assert.equal(accepted.size, 300)
    assert.equal(new Set(nres).size, 300)
    assert.equal(stats.registered, 300)
    assert.equal(active.length, 300)
    assert.isTrue([...byCompiledAt.values()].every((n) => n === 1))
    assert.sameMembers(active.map((r) => r.nre), nres)
    assert.isTrue(nres.every((nre) => /^0600A1[0-9]{9}$/.test(nre)))
    assert.isAbove(stats.faults, 100)
    assert.isAbove(stats.lost, 20)
  }).timeout(180_000)
})
