import { test } from '@japa/runner'
import { romeClockOf, dayBounds } from '../../queries/studio_day.js'
import { romeToday } from '../../queries/rome_time.js'

const intl = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })

/** Every 7 minutes of a Rome day, as SQLite text and as the Date MariaDB gives. */
function instantsOf(date: string) {
  const [from, to] = dayBounds(date).map((b) => Date.parse(`${b.replace(' ', 'T')}Z`))
  const list: Date[] = []
  for (let t = from; t < to; t += 7 * 60_000) list.push(new Date(t))
  return list
}

const sqliteText = (d: Date) => d.toISOString().slice(0, 23).replace('T', ' ')

test.group('Gestione Studio clock of the rows', () => {
  for (const [date, hours] of [['2026-12-01', 24], ['2026-07-15', 24], ['2026-03-29', 23], ['2026-10-25', 25]] as const) {
    test(`${date}: every time of the day reads as Rome's clock (${hours} hours)`, ({ assert }) => {
      const clock = romeClockOf(date)
      const instants = instantsOf(date)
      assert.approximately(instants.length, (hours * 60) / 7, 1)
      for (const instant of instants) {
        assert.equal(clock(sqliteText(instant)), intl.format(instant), sqliteText(instant))
        assert.equal(clock(instant), intl.format(instant))
      }
    })
  }

  test('the first and last minute of a winter and a summer day', ({ assert }) => {
    assert.equal(romeClockOf('2026-12-01')('2026-11-30 23:00:00.000'), '00:00')
    assert.equal(romeClockOf('2026-12-01')('2026-12-01 22:59:59.000'), '23:59')
    assert.equal(romeClockOf('2026-07-15')('2026-07-14 22:00:00'), '00:00')
    assert.equal(romeClockOf('2026-07-15')('2026-07-15 21:59:00'), '23:59')
  })

  test("today in Rome turns at Rome's midnight, in winter and in summer", ({ assert }) => {
    assert.equal(romeToday(new Date('2026-11-30T22:59:59Z')), '2026-11-30')
    assert.equal(romeToday(new Date('2026-11-30T23:00:00Z')), '2026-12-01')
    assert.equal(romeToday(new Date('2026-07-14T21:59:59Z')), '2026-07-14')
    assert.equal(romeToday(new Date('2026-07-14T22:00:00Z')), '2026-07-15')
  })
})
