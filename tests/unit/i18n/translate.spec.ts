import { test } from '@japa/runner'
import { readdirSync, readFileSync } from 'node:fs'
import { translate } from '#services/i18n'

test.group('Italian messages', () => {
  test('one of something is singular where the catalog says how: "1 anno", "1 prescrizione validata"', ({ assert }) => {
    assert.equal(translate('patients.age_years', { n: 1 }), '1 anno')
    assert.equal(translate('patients.age_years', { n: 2 }), '2 anni')
    assert.equal(translate('patients.age_months', { n: 1 }), '1 mese')
    assert.equal(translate('prescriptions.sent_ok', { n: 1 }), '1 prescrizione validata e in invio.')
    assert.equal(translate('prescriptions.sent_ok', { n: 3 }), '3 prescrizioni validate e in invio.')
    assert.equal(translate('prescriptions_red.remaining_n', { n: 1 }), '1 foglio rimasto')
    assert.equal(translate('prescriptions.credentials_expiring', { n: 1 }), 'La password del servizio ricetta scade domani: la rinnovi subito.')
    // No singular form written: the message as it is.
    assert.equal(translate('prescriptions.problems_title', { n: 1 }), 'Invii non riusciti: 1')
    assert.equal(translate('prescriptions.sent_ok', { n: 0 }), '0 prescrizioni validate e in invio.')
  })

  test('every singular form has its plural beside it and the same placeholders', ({ assert }) => {
    const dir = new URL('../../../resources/lang/it/', import.meta.url)
    const flat: Record<string, string> = {}
    const walk = (prefix: string, value: unknown) => {
      if (typeof value === 'string') flat[prefix] = value
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}.${k}` : k, v)
    }
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) walk(file.replace(/\.json$/, ''), JSON.parse(readFileSync(new URL(file, dir), 'utf8')))
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((name) => name !== 'n').sort()
    const singulars = Object.keys(flat).filter((key) => key.endsWith('_one'))
    assert.isAbove(singulars.length, 5)
    for (const key of singulars) {
      const plural = key.slice(0, -'_one'.length)
      assert.isString(flat[plural], `${key} has no ${plural}`)
      assert.deepEqual(placeholders(flat[key]), placeholders(flat[plural]), key)
    }
  })
})
