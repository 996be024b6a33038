import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { ApiRequest } from '@japa/api-client'
import * as cheerio from 'cheerio'
import db from '@adonisjs/lucid/services/db'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import jobs from '#services/jobs/main'
import { createPatient, createUser } from '#tests/helpers/factories'
import BackupRun from '../../models/backup_run.js'
import BackupTask from '../../models/backup_task.js'
import { backupFileNames } from '../../services/file_names.js'
import { openPassword } from '../../services/task_password.js'
import { openArchive } from '../../services/archive.js'
import { scratchDir } from '../support.js'

// The download is a zip: keep its bytes instead of trying to read it as text.
ApiRequest.addParser('application/zip', (res, done) => {
  const chunks: Buffer[] = []
  res.on('data', (chunk: Buffer) => chunks.push(chunk))
  res.on('end', () => done(null, Buffer.concat(chunks)))
})

function taskForm(dir: string, overrides: Record<string, unknown> = {}) {
  return {
    name: 'Serale',
    destination: join(dir, 'dest'),
    second_location: '',
    second_location_mode: 'copy',
    'weekdays[]': ['1', '3', '5'],
    run_at: '23:00',
    attachments: 'none',
    notify_email: 'medico@studio.it',
    clinic_name: 'Ambulatorio Centro',
    is_enabled: '1',
    ...overrides,
  }
}

async function makeTask(dir: string, overrides: Partial<BackupTask> = {}) {
  return BackupTask.create({
    name: 'Prova',
    destination: join(dir, 'dest'),
    secondLocation: null,
    secondLocationMode: 'copy',
    weekdays: [1, 2, 3, 4, 5, 6],
    runAt: '10:00',
    passwordEncrypted: null,
    attachments: 'none',
    notifyEmail: 'avvisi@studio.it',
    clinicName: 'Ambulatorio Nord',
    isEnabled: true,
    ...overrides,
  })
}

test.group('/admin/backup', (group) => {
  let scratch: ReturnType<typeof scratchDir>
  group.each.setup(async () => {
    scratch = scratchDir('page')
    const rollback = await testUtils.db().withGlobalTransaction()
    return async () => {
      await jobs.idle(10_000)
      await rollback()
      scratch.remove()
    }
  })

  test('only administrators reach it, and only they see it in the menu', async ({ client, assert }) => {
    const doctor = await createUser({ role: 'titolare' })
    const admin = await createUser({ role: 'admin' })
    ;(await client.get('/admin/backup').loginAs(doctor)).assertStatus(403)
    const home = await client.get('/').loginAs(doctor)
    assert.notInclude(cheerio.load(home.text())('#main-nav').text(), 'Backup')

    const page = await client.get('/admin/backup').loginAs(admin)
    page.assertStatus(200)
    const $ = cheerio.load(page.text())
    assert.equal($('h1').text(), 'Backup')
    assert.equal($('#main-nav a[href="/admin/backup"]').text(), 'Backup')
  })

  test('the first visit creates the default task (every day but Sunday at 10:00), never again once deleted', async ({
    client,
    assert,
  }) => {
    const admin = await createUser({ role: 'admin', email: 'admin@studio.it' })
    await db.table('studios').insert({ name: 'Studio Medico Verdi', created_at: '2025-01-01 00:00:00' })
    const page = await client.get('/admin/backup').loginAs(admin)
    const row = cheerio.load(page.text())('[data-testid="backup-tasks"] tbody tr')
    assert.lengthOf(row, 1)
    assert.include(row.text(), 'Backup giornaliero')
    assert.include(row.text(), 'Lun Mar Mer Gio Ven Sab · 10:00')

    const task = await BackupTask.findByOrFail('name', 'Backup giornaliero')
    assert.deepEqual(task.weekdays, [1, 2, 3, 4, 5, 6])
    assert.equal(task.notifyEmail, 'admin@studio.it')
    assert.equal(task.clinicName, 'Studio Medico Verdi')

    await client.get('/admin/backup').loginAs(admin)
    assert.lengthOf(await BackupTask.all(), 1)
    await task.delete()
    const after = await client.get('/admin/backup').loginAs(admin)
    assert.lengthOf(await BackupTask.all(), 0)
    assert.include(cheerio.load(after.text())('[data-testid="no-tasks"]').text(), 'Nessuna attività di backup')
  })

  test('a task form with errors shows Italian messages next to the fields and keeps the typed values', async ({
    client,
    assert,
  }) => {
    const admin = await createUser({ role: 'admin' })
    const response = await client
      .post('/admin/backup/attivita')
      .form(taskForm(scratch.dir, { notify_email: '', clinic_name: '', 'weekdays[]': [], destination: 'relativa' }))
      .withCsrfToken()
      .loginAs(admin)
      .header('referer', '/admin/backup/attivita/nuova')
    const $ = cheerio.load(response.text())
    assert.equal($('#f-notify_email-error').text(), "L'indirizzo e-mail per le segnalazioni è obbligatorio.")
    assert.equal($('#f-clinic_name-error').text(), "Il nome dell'ambulatorio è obbligatorio.")
    assert.equal($('#weekdays-error').text(), 'Seleziona almeno un giorno della settimana.')
    assert.include($('#f-destination-error').text(), 'percorso completo')
    assert.equal($('#f-name').val(), 'Serale')
    assert.lengthOf(await BackupTask.all(), 0)
  })

  test('a password-protected task keeps the password encrypted; the form warns a lost password means no restore', async ({
    client,
    assert,
  }) => {
    const admin = await createUser({ role: 'admin' })
    const form = await client.get('/admin/backup/attivita/nuova').loginAs(admin)
    assert.include(
      cheerio.load(form.text())('[data-testid="password-warning"]').text(),
      'In caso di smarrimento della password non sarà possibile ripristinare il backup'
    )

    const saved = await client
      .post('/admin/backup/attivita')
      .form(taskForm(scratch.dir, { protect: '1', password: 'Segreta-2026', password_confirmation: 'Segreta-2026' }))
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    saved.assertStatus(302)
    saved.assertHeader('location', '/admin/backup')
    const task = await BackupTask.findByOrFail('name', 'Serale')
    assert.deepEqual(task.weekdays, [1, 3, 5])
    assert.notInclude(task.passwordEncrypted!, 'Segreta-2026')
    assert.equal(openPassword(task.passwordEncrypted), 'Segreta-2026')
    // Saved means scheduled: Monday, Wednesday and Friday at 23:00.
    assert.deepInclude(jobs.declaredSchedules(), { key: `backups.task-${task.id}`, name: 'backups.run', pattern: '0 23 * * 1,3,5' })

    // Editing with empty password fields keeps it; unticking the protection removes it.
    await client
      .post(`/admin/backup/attivita/${task.id}`)
      .form(taskForm(scratch.dir, { protect: '1', run_at: '22:30' }))
      .withCsrfToken()
      .loginAs(admin)
    await task.refresh()
    assert.equal(task.runAt, '22:30')
    assert.equal(openPassword(task.passwordEncrypted), 'Segreta-2026')
    await client.post(`/admin/backup/attivita/${task.id}`).form(taskForm(scratch.dir)).withCsrfToken().loginAs(admin)
    await task.refresh()
    assert.isNull(task.passwordEncrypted)

    // Deleted means no longer scheduled.
    await client.post(`/admin/backup/attivita/${task.id}?_method=DELETE`).withCsrfToken().loginAs(admin).redirects(0)
    assert.isNull(await BackupTask.find(task.id))
    assert.notInclude(jobs.declaredSchedules().map((s) => s.key), `backups.task-${task.id}`)
  })

  test('"Esegui ora" queues the run; the job writes the weekday-named archive and a log ending with exit code 0', async ({
    client,
    assert,
  }) => {
    const admin = await createUser({ role: 'admin' })
    const task = await makeTask(scratch.dir)
    const response = await client
      .post(`/admin/backup/attivita/${task.id}/esegui`)
      .header('HX-Request', 'true')
      .withCsrfToken()
      .loginAs(admin)
    response.assertStatus(200)
    const $ = cheerio.load(response.text())
    assert.equal($('section#backup-runs').attr('data-active'), 'true')
    assert.include($('[role="status"]').text(), 'Backup "Prova" avviato.')

    await jobs.idle(30_000)
    const run = await BackupRun.findByOrFail('task_id', task.id)
    assert.equal(run.status, 'success')
    assert.equal(run.exitCode, 0)
    assert.equal(run.origin, 'manual')
    assert.equal(run.requestedBy, admin.id)
    const names = backupFileNames(run.startedAt)
    assert.equal(run.filePath, join(scratch.dir, 'dest', names.archive))
    assert.isTrue(existsSync(run.filePath!))
    assert.isAbove(run.sizeBytes!, 0)
    const log = readFileSync(join(scratch.dir, 'dest', names.log), 'utf8').trim().split('\n')
    assert.match(log.at(-1)!, /Process exit code: 0$/)
    assert.include(log.join('\n'), 'Backup creato correttamente in')

    const fragment = await client.get('/admin/backup').header('HX-Request', 'true').loginAs(admin)
    const row = cheerio.load(fragment.text())(`tr[data-run="${run.id}"]`)
    assert.equal(row.attr('data-status'), 'success')
    assert.include(row.text(), 'Completato')
    assert.include(row.text(), names.archive)
  })

  test('a second "Esegui ora" while the task runs is refused', async ({ client, assert }) => {
    const admin = await createUser({ role: 'admin' })
    const task = await makeTask(scratch.dir)
    await BackupRun.create({
      taskId: task.id,
      taskName: task.name,
      origin: 'manual',
      status: 'running',
      progress: 40,
      startedAt: (await import('luxon')).DateTime.now(),
      heartbeatAt: (await import('luxon')).DateTime.now(),
    })
    const response = await client
      .post(`/admin/backup/attivita/${task.id}/esegui`)
      .header('HX-Request', 'true')
      .withCsrfToken()
      .loginAs(admin)
    assert.include(cheerio.load(response.text())('.flash-error').text(), 'Un backup di questa attività è già in corso.')
    assert.lengthOf(await BackupRun.all(), 1)
  })

  test('a failed run is recorded with exit code 1 and mails the task’s address', async ({ client, assert }) => {
    const admin = await createUser({ role: 'admin' })
    // A file where the destination folder should be: nothing can be written there.
    const blocker = join(scratch.dir, 'occupied')
    writeFileSync(blocker, 'not a folder')
    const task = await makeTask(scratch.dir, { destination: join(blocker, 'dest') })
    await client.post(`/admin/backup/attivita/${task.id}/esegui`).withCsrfToken().loginAs(admin).redirects(0)
    await jobs.idle(30_000)

    const run = await BackupRun.findByOrFail('task_id', task.id)
    assert.equal(run.status, 'failed')
    assert.equal(run.exitCode, 1)
    assert.isNull(run.filePath)
    assert.match(run.log!.trim().split('\n').at(-1)!, /Process exit code: 1$/)
    const mail = await db.from('outgoing_mails').where('to_address', 'avvisi@studio.it').first()
    assert.include(mail.subject, 'Backup non riuscito - Ambulatorio Nord - Prova')
    assert.include(mail.body, run.error!)

    const page = await client.get(`/admin/backup/esecuzioni/${run.id}/log`).loginAs(admin)
    assert.include(cheerio.load(page.text())('[data-testid="run-log"]').text(), 'Process exit code: 1')
  })

  test('a protected task whose password cannot be read fails instead of writing an unprotected backup', async ({
    client,
    assert,
  }) => {
    const admin = await createUser({ role: 'admin' })
    const task = await makeTask(scratch.dir, { passwordEncrypted: 'not-decryptable-with-this-app-key' })
    await client.post(`/admin/backup/attivita/${task.id}/esegui`).withCsrfToken().loginAs(admin).redirects(0)
    await jobs.idle(30_000)
    const run = await BackupRun.findByOrFail('task_id', task.id)
    assert.equal(run.status, 'failed')
    assert.include(run.error!, 'La password di questa attività non può essere letta')
    assert.isFalse(existsSync(join(scratch.dir, 'dest', backupFileNames(run.startedAt).archive)))
  })

  test('"Invia mail di prova" queues the test mail; without an address it shows the error', async ({ client, assert }) => {
    const admin = await createUser({ role: 'admin' })
    const ok = await client
      .post('/admin/backup/mail-prova')
      .form({ notify_email: 'prova@studio.it', clinic_name: 'Ambulatorio Sud' })
      .header('HX-Request', 'true')
      .withCsrfToken()
      .loginAs(admin)
    ok.assertStatus(200)
    assert.include(ok.text(), 'Mail di prova inviata a prova@studio.it')
    const mail = await db.from('outgoing_mails').where('to_address', 'prova@studio.it').first()
    assert.include(mail.subject, 'Ambulatorio Sud')
    assert.include(mail.body, 'Prego non rispondere')

    const missing = await client
      .post('/admin/backup/mail-prova')
      .form({ notify_email: '', clinic_name: 'Ambulatorio Sud' })
      .header('HX-Request', 'true')
      .withCsrfToken()
      .loginAs(admin)
    missing.assertStatus(422)
    assert.equal(cheerio.load(missing.text())('#test-mail-result').text(), "L'indirizzo e-mail per le segnalazioni è obbligatorio.")
  })

  test('the runs fragment polls only while a run is at work and refreshes on live progress events', async ({
    client,
    assert,
  }) => {
    const admin = await createUser({ role: 'admin' })
    const { DateTime } = await import('luxon')
    const idle = cheerio.load((await client.get('/admin/backup').loginAs(admin)).text())('#backup-runs')
    assert.equal(idle.attr('hx-trigger'), 'backup:progress from:body')

    await BackupRun.create({ taskName: 'x', origin: 'command', status: 'running', progress: 42, phase: 'archive', startedAt: DateTime.now(), heartbeatAt: DateTime.now() })
    const busy = cheerio.load((await client.get('/admin/backup').loginAs(admin)).text())('#backup-runs')
    assert.equal(busy.attr('hx-trigger'), 'backup:progress from:body, every 2s')
    assert.equal(busy.find('progress').attr('value'), '42')
    assert.include(busy.text(), 'Compressione')

    // A run whose process died long ago is shown as interrupted, and nothing polls for it.
    await db.from('backup_runs').update({ heartbeat_at: DateTime.now().minus({ hours: 1 }).toFormat('yyyy-MM-dd HH:mm:ss'), started_at: DateTime.now().minus({ hours: 1 }).toFormat('yyyy-MM-dd HH:mm:ss') })
    const stale = cheerio.load((await client.get('/admin/backup').loginAs(admin)).text())('#backup-runs')
    assert.equal(stale.attr('hx-trigger'), 'backup:progress from:body')
    assert.include(stale.text(), 'Interrotto')
  })

  test('per-doctor export downloads only that titolare’s patients and records, audited per patient', async ({
    client,
    assert,
  }) => {
    const admin = await createUser({ role: 'admin' })
    const rossi = await createUser({ role: 'titolare', username: 'rossi' })
    const bianchi = await createUser({ role: 'titolare', username: 'bianchi' })
    const mine = await createPatient({ lastName: 'Verdi', doctorId: rossi.id } as any)
    const other = await createPatient({ lastName: 'Neri', doctorId: bianchi.id } as any)
    for (const patient of [mine, other]) {
      await db.table('problems').insert({
        patient_id: patient.id,
        description: `Problema di ${patient.lastName}`,
        onset_date: '2024-01-01',
        created_at: '2024-01-01 00:00:00',
      })
    }

    const response = await client
      .post('/admin/backup/esporta-medico')
      .form({ doctor_id: String(rossi.id) })
      .withCsrfToken()
      .loginAs(admin)
    response.assertStatus(200)
    assert.match(response.header('content-disposition') ?? '', /studio-mg-pazienti-rossi-\d{8}-\d{4}\.zip/)
    const zipFile = join(scratch.dir, 'export.zip')
    writeFileSync(zipFile, response.body())
    const archive = await openArchive(zipFile)
    assert.equal(archive.manifest.kind, 'doctor_export')
    assert.deepInclude(archive.manifest.doctor!, { username: 'rossi', patients: 1 })
    assert.equal(archive.manifest.tables.find((t) => t.name === 'problems')!.rows, 1)
    await archive.close()

    const audits = await db.from('audit_logs').where('action', 'export').where('entity', 'patient')
    assert.deepEqual(audits.map((a) => a.patient_id), [mine.id])
  })
})
