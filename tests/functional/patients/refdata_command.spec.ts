import { test } from '@japa/runner'
import { aceInChild } from '#tests/helpers/child_app'
import { childDatabase } from '#tests/helpers/child_database'
import { fixture } from './support.js'

/** `node ace refdata:import` as the administrator runs it, on a database file of its own. */
test.group('refdata:import command', (group) => {
  const database = childDatabase('a-refdata')
  const { env, rows } = database
  group.setup(() => database.setup())

  test('imports a file, reports the counts and the skipped lines; a second run changes nothing', async ({ assert }) => {
    const first = await aceInChild(['refdata:import', 'icd9cm', fixture('icd9cm.csv')], env)
    assert.include(first, 'riga 47 scartata: codice non valido «E»')
    assert.include(first, '50 righe valide — aggiunte 50, modificate 0, ritirate 0, scartate 1')
    const second = await aceInChild(['refdata:import', 'icd9cm', fixture('icd9cm.csv')], env)
    assert.include(second, 'aggiunte 0, modificate 0, ritirate 0')
    assert.deepEqual(rows(`select key, row_count from reference_datasets`), [{ key: 'icd9cm', row_count: 50 }])
  }).timeout(60_000)

  test('--dry-run tells what would change and writes nothing', async ({ assert }) => {
    const out = await aceInChild(['refdata:import', 'icd9cm', fixture('icd9cm_update.csv'), '--dry-run'], env)
    assert.include(out, 'aggiunte 1, modificate 1, ritirate 41')
    assert.include(out, 'prova: nulla è stato scritto')
    assert.deepEqual(rows(`select count(*) as n from icd9cm_diagnoses where valid_to is not null`), [{ n: 0 }])
  }).timeout(60_000)

  test('without a file: the curated seed (ASL) or the embedded Belfiore dataset (comuni)', async ({ assert }) => {
    assert.include(await aceInChild(['refdata:import', 'asl'], env), '30 righe valide — aggiunte 30')
    const comuni = await aceInChild(['refdata:import', 'comuni'], env)
    assert.match(comuni, /comuni belfiore-embedded-[\d.]+: \d{5} righe valide — aggiunte \d{5}/)
    assert.deepEqual(rows(`select name from comuni where cadastral_code = 'H501'`), [{ name: 'Roma' }])
  }).timeout(60_000)

  test('an unknown dataset, a missing file or a bad file exit with an error and a clear message', async ({ assert }) => {
    const failure = async (args: string[]) => {
      try {
        await aceInChild(args, env)
      } catch (error) {
        return String((error as { stdout?: string; stderr?: string }).stdout ?? '') + String((error as { stderr?: string }).stderr ?? '')
      }
      assert.fail(`refdata:import ${args.join(' ')} should have failed`)
    }
    assert.include(await failure(['refdata:import', 'farmaci']), 'Dataset sconosciuto «farmaci»')
    assert.include(await failure(['refdata:import', 'asl', 'tmp/non-esiste.csv']), 'File non trovato')
    assert.include(await failure(['refdata:import', 'asl', fixture('icd9cm.csv')]), 'nessuna modifica salvata')
  }).timeout(60_000)
})
