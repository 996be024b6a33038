import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import {
  coherenceProblems,
  decodeFiscalCode,
  deomocode,
  fiscalCodeProblem,
  isValidFiscalCode,
} from '#services/patients/fiscal_code'

test.group('codice fiscale', () => {
  test('accepts valid codes, in any case and with spaces', ({ assert }) => {
    for (const cf of ['RSSMRA80A01H501U', 'BNCLRA85M41F205C', 'rssmra80a01h501u', 'RSS MRA 80A01 H501U']) {
      assert.isTrue(isValidFiscalCode(cf), cf)
    }
  })

  test('refuses a wrong check character and a wrong format', ({ assert }) => {
    assert.equal(fiscalCodeProblem('RSSMRA80A01H501X'), 'check_character')
    assert.equal(fiscalCodeProblem('RSSMRA80A01H501'), 'format')
    assert.equal(fiscalCodeProblem('RSSMRA80Z01H501U'), 'format') // Z is no month letter
    assert.equal(fiscalCodeProblem('12345678901'), 'format') // a partita IVA is not a CF
  })

  test('accepts omocodic codes and decodes them like the original', ({ assert }) => {
    // RSSMRA80A01H501U with every digit replaced by its omocodia letter
    assert.isTrue(isValidFiscalCode('RSSMRAULALMHRLMD'))
    assert.isTrue(isValidFiscalCode('RSSMRA80A01H50MM'))
    assert.equal(deomocode('RSSMRAULALMHRLMD'), 'RSSMRA80A01H501U')
    const decoded = decodeFiscalCode('RSSMRAULALMHRLMD')
    assert.isTrue(decoded.isOmocode)
    assert.equal(decoded.birthDate.toISODate(), '1980-01-01')
    assert.equal(decoded.birthPlaceCode, 'H501')
  })

  test('decodes sex, birth date and place', ({ assert }) => {
    const woman = decodeFiscalCode('BNCLRA85M41F205C')
    assert.equal(woman.sex, 'F')
    assert.equal(woman.birthDate.toISODate(), '1985-08-01')
    assert.equal(woman.birthPlaceCode, 'F205')
    // two-digit years: never in the future
    const child = decodeFiscalCode('RSSMRA80A01H501U', DateTime.fromISO('2026-01-01') as DateTime<true>)
    assert.equal(child.birthDate.year, 1980)
  })

  test('says which registry data the code disagrees with', ({ assert }) => {
    const data = { lastName: 'Rossi', firstName: 'Mario', sex: 'M' as const, birthDate: DateTime.fromISO('1980-01-01'), birthPlaceCode: 'H501' }
    assert.deepEqual(coherenceProblems('RSSMRA80A01H501U', data), [])
    assert.deepEqual(coherenceProblems('RSSMRAULALMHRLMD', data), [])
    assert.deepEqual(
      coherenceProblems('RSSMRA80A01H501U', { ...data, lastName: 'Bianchi', sex: 'F', birthDate: DateTime.fromISO('1980-01-02'), birthPlaceCode: 'F205' }),
      ['last_name', 'sex', 'birth_date', 'birth_place']
    )
    assert.deepEqual(coherenceProblems('RSSMRA80A01H501U', { ...data, firstName: 'Luca' }), ['first_name'])
  })
})
