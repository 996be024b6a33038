import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { backupFileNames } from '../../services/file_names.js'
import { cronPattern } from '../../services/task_schedule.js'

test.group('backup file names (weekly rotation)', () => {
  test('a run is named after the weekday, so next week the same day overwrites it', ({ assert }) => {
    const monday = DateTime.fromISO('2025-03-03T10:00:00', { zone: 'Europe/Rome' })
    assert.deepEqual(backupFileNames(monday), {
      archive: 'studio-mg-lunedi.zip',
      attachments: 'studio-mg-lunedi-allegati.zip',
      log: 'studio-mg-lunedi.txt',
    })
    assert.equal(backupFileNames(monday.plus({ weeks: 1 })).archive, 'studio-mg-lunedi.zip')
    const names = [0, 1, 2, 3, 4, 5, 6].map((d) => backupFileNames(monday.plus({ days: d })).archive)
    assert.deepEqual(names, [
      'studio-mg-lunedi.zip',
      'studio-mg-martedi.zip',
      'studio-mg-mercoledi.zip',
      'studio-mg-giovedi.zip',
      'studio-mg-venerdi.zip',
      'studio-mg-sabato.zip',
      'studio-mg-domenica.zip',
    ])
  })

  test('the weekday is the studio’s (Europe/Rome), not the server clock’s', ({ assert }) => {
    // Sunday 23:30 UTC is already Monday 00:30 in Italy.
    const lateSundayUtc = DateTime.fromISO('2025-03-02T23:30:00Z', { zone: 'utc' })
    assert.equal(backupFileNames(lateSundayUtc).archive, 'studio-mg-lunedi.zip')
  })
})

test.group('task schedules', () => {
  test('weekdays and time become a cron pattern (Sunday is 0 for cron)', ({ assert }) => {
    assert.equal(cronPattern({ weekdays: [1, 2, 3, 4, 5, 6], runAt: '10:00' }), '0 10 * * 1,2,3,4,5,6')
    assert.equal(cronPattern({ weekdays: [7, 2, 4], runAt: '23:05' }), '5 23 * * 0,2,4')
  })
})
