import { test } from '@japa/runner'
import { join } from 'node:path'
import { validateTaskInput } from '../../validators/task_input.js'
import { scratchDir } from '../support.js'

const valid = (dir: string) => ({
  name: 'Serale',
  destination: join(dir, 'dest'),
  second_location: '',
  second_location_mode: 'copy',
  weekdays: ['1', '3', '5'],
  run_at: '23:00',
  attachments: 'separate',
  notify_email: 'medico@studio.it',
  clinic_name: 'Ambulatorio Centro',
  is_enabled: '1',
})

test.group('backup task form validation', (group) => {
  let scratch: ReturnType<typeof scratchDir>
  group.each.setup(() => {
    scratch = scratchDir('input')
    return () => scratch.remove()
  })
  const context = (overrides = {}) => ({
    storageDir: join(scratch.dir, 'storage'),
    hasPassword: false,
    nameTaken: async (name: string) => name === 'Esistente',
    ...overrides,
  })

  test('a complete form becomes the task settings (and the destination folder is created)', async ({ assert }) => {
    const { input, errors } = await validateTaskInput(valid(scratch.dir), context())
    assert.deepEqual(errors, {})
    assert.deepInclude(input!, {
      name: 'Serale',
      weekdays: [1, 3, 5],
      runAt: '23:00',
      attachments: 'separate',
      password: null,
      isEnabled: true,
    })
  })

  test('e-mail address and clinic name are mandatory, with Italian messages per field', async ({ assert }) => {
    const { input, errors } = await validateTaskInput({ ...valid(scratch.dir), notify_email: '', clinic_name: ' ' }, context())
    assert.isNull(input)
    assert.equal(errors.notify_email, "L'indirizzo e-mail per le segnalazioni è obbligatorio.")
    assert.equal(errors.clinic_name, "Il nome dell'ambulatorio è obbligatorio.")
  })

  test('days, time, name, paths and e-mail are checked', async ({ assert }) => {
    const { errors } = await validateTaskInput(
      {
        ...valid(scratch.dir),
        name: 'Esistente',
        destination: 'relativo/backup',
        weekdays: [],
        run_at: '25:00',
        notify_email: 'non-una-mail',
      },
      context()
    )
    assert.equal(errors.name, "Esiste già un'attività con questo nome.")
    assert.equal(errors.destination, 'Indica il percorso completo della cartella (ad esempio /mnt/backup).')
    assert.equal(errors.weekdays, 'Seleziona almeno un giorno della settimana.')
    assert.equal(errors.run_at, "Indica l'ora nel formato HH:MM.")
    assert.equal(errors.notify_email, 'Indirizzo e-mail non valido.')
  })

  test('a destination inside the storage folder it would copy is refused', async ({ assert }) => {
    const { errors } = await validateTaskInput({ ...valid(scratch.dir), destination: join(scratch.dir, 'storage', 'bk') }, context())
    assert.equal(errors.destination, 'La cartella non può stare dentro la cartella degli allegati (né contenerla).')
  })

  test('password protection needs a password of 8+ characters typed twice', async ({ assert }) => {
    const protect = { ...valid(scratch.dir), protect: '1' }
    assert.equal((await validateTaskInput(protect, context())).errors.password, 'Indica la password (oppure togli la protezione).')
    assert.equal(
      (await validateTaskInput({ ...protect, password: 'corta', password_confirmation: 'corta' }, context())).errors.password,
      'La password deve avere almeno 8 caratteri.'
    )
    assert.equal(
      (await validateTaskInput({ ...protect, password: 'lunga-abbastanza', password_confirmation: 'altra-cosa-1' }, context()))
        .errors.password_confirmation,
      'Le due password non coincidono.'
    )
    const ok = await validateTaskInput({ ...protect, password: 'lunga-abbastanza', password_confirmation: 'lunga-abbastanza' }, context())
    assert.equal(ok.input!.password, 'lunga-abbastanza')
  })

  test('editing a protected task with empty password fields keeps the password; unticking removes it', async ({ assert }) => {
    const keep = await validateTaskInput({ ...valid(scratch.dir), protect: '1' }, context({ hasPassword: true }))
    assert.isUndefined(keep.input!.password)
    const remove = await validateTaskInput(valid(scratch.dir), context({ hasPassword: true }))
    assert.isNull(remove.input!.password)
  })
})
