import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import {
  formatCompiledAt,
  isPastValidity,
  parseCompiledAt,
  validityDays,
  VALIDITY_RULES,
  validUntil,
  type ValidityRules,
} from '../../domain/compiled_at.js'

test.group('dataCompilazione', () => {
  test('is Rome local time, 24-hour clock (spec vector)', ({ assert }) => {
    // 30 September 2026 16:05:07 in Rome is 14:05:07 UTC (summer time).
    assert.equal(formatCompiledAt(new Date('2026-09-30T14:05:07Z')), '2026-09-30 16:05:07')
    assert.equal(formatCompiledAt(DateTime.fromISO('2026-09-30T16:05:07', { zone: 'Europe/Rome' })), '2026-09-30 16:05:07')
  })

  test('follows winter time and is always 19 characters', ({ assert }) => {
    const value = formatCompiledAt(new Date('2026-01-05T08:03:09Z'))
    assert.equal(value, '2026-01-05 09:03:09')
    assert.lengthOf(value, 19)
  })

  test('a date seen from another zone is still written in Rome time', ({ assert }) => {
    const inNewYork = DateTime.fromISO('2026-09-30T10:05:07', { zone: 'America/New_York' })
    assert.equal(formatCompiledAt(inNewYork), '2026-09-30 16:05:07')
  })

  test('reads back what it writes', ({ assert }) => {
    const parsed = parseCompiledAt('2026-09-30 16:05:07')!
    assert.equal(parsed.toUTC().toISO(), '2026-09-30T14:05:07.000Z')
    assert.isNull(parseCompiledAt('30/09/2026 16:05'))
  })
})

test.group('validity', () => {
  test('drug prescriptions: 30 days', ({ assert }) => {
    const compiled = DateTime.fromISO('2026-09-30T16:05:07', { zone: 'Europe/Rome' })
    assert.equal(validityDays('drug'), 30)
    assert.equal(validUntil('drug', compiled).toFormat('yyyy-MM-dd HH:mm:ss'), '2026-10-30 23:59:59')
    assert.isFalse(isPastValidity('drug', compiled, DateTime.fromISO('2026-10-30T23:00:00', { zone: 'Europe/Rome' })))
    assert.isTrue(isPastValidity('drug', compiled, DateTime.fromISO('2026-10-31T00:00:01', { zone: 'Europe/Rome' })))
  })

  test('specialist prescriptions: per region, 180 days by default', ({ assert }) => {
    assert.equal(validityDays('service'), 180)
    assert.equal(validityDays('service', '130'), 180)
    const rules: ValidityRules = { ...VALIDITY_RULES, service: { ...VALIDITY_RULES.service, byRegion: { '120': 365 } } }
    assert.equal(validityDays('service', '120', rules), 365)
    assert.equal(validityDays('service', '130', rules), 180)
    assert.equal(validityDays('drug', '120', rules), 30)
  })

  test('validity rules carry their source', ({ assert }) => {
    assert.isString(VALIDITY_RULES.drug.reference)
    assert.isFalse(VALIDITY_RULES.drug.verified)
    assert.isFalse(VALIDITY_RULES.service.verified)
  })
})
