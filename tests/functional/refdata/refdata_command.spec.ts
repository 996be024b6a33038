import { test } from '@japa/runner'
import { aceInChild } from '#tests/helpers/child_app'
import { childDatabase } from '#tests/helpers/child_database'
import { fixture } from './support.js'

/** `node ace refdata:import drugs|catalogue` as the administrator runs it, on a database file of its own. */
test.group('refdata:import drugs and catalogue', (group) => {
  const database = childDatabase('drugs-command')
  const { env, rows } = database
  group.setup(() => database.setup())

  test('a folder of AIFA files: a dry run reports and writes nothing, then the import writes 40 packs', async ({ assert }) => {
    const dry = await aceInChild(['refdata:import', 'drugs', fixture('aifa'), '--dry-run'], env)
    assert.include(dry, '81 righe valide — aggiunte 81, modificate 0, ritirate 0, scartate 6')
    assert.include(dry, 'prova: nulla è stato scritto')
    assert.deepEqual(rows('select count(*) as n from drugs'), [{ n: 0 }])
    const out = await aceInChild(['refdata:import', 'drugs', fixture('aifa')], env)
    assert.include(out, 'riga 6 scartata: Classe_A_per_nome_commerciale_15-01-2025.csv: prezzo non valido «n.d.» per AIC 012745093')
    assert.deepEqual(rows(`select class, count(*) as n from drugs group by class order by class`), [
      { class: 'A', n: 22 },
      { class: 'C', n: 13 },
      { class: 'H', n: 5 },
    ])
  }).timeout(60_000)

  test('files separated by commas; a missing one is named', async ({ assert }) => {
    const list = [fixture('aifa/confezioni_fornitura.csv'), fixture('aifa/Classe_H_per_nome_commerciale_15-01-2025.csv')].join(',')
    assert.include(await aceInChild(['refdata:import', 'drugs', list, '--dry-run'], env), 'prova: nulla è stato scritto')
    try {
      await aceInChild(['refdata:import', 'drugs', `${fixture('aifa/confezioni_fornitura.csv')},tmp/non-esiste.csv`], env)
      assert.fail('should have failed')
    } catch (error) {
      assert.include(String((error as { stdout?: string }).stdout) + String((error as { stderr?: string }).stderr), 'File non trovato: tmp/non-esiste.csv')
    }
  }).timeout(60_000)

  test('without a file: the curated catalogue seed', async ({ assert }) => {
    const out = await aceInChild(['refdata:import', 'catalogue'], env)
    assert.match(out, /catalogue lazio-[0-9a-f]{12}: \d{2} righe valide — aggiunte \d{2}/)
    assert.deepEqual(rows(`select description from catalogue_items where region = 'lazio' and regional_code = '89.52'`), [{ description: 'ELETTROCARDIOGRAMMA' }])
  }).timeout(60_000)
})
