import { test } from '@japa/runner'
import { parsePatientQuery, isEmptyQuery } from '#services/patients/parse_patient_query'

test.group('patient search parsing', () => {
  test('a word is a surname prefix, folded like the stored key', ({ assert }) => {
    assert.deepEqual(parsePatientQuery('ros'), { lastNamePrefix: 'ROS' })
    assert.deepEqual(parsePatientQuery('  Ros  '), { lastNamePrefix: 'ROS' })
    assert.deepEqual(parsePatientQuery("d'ang"), { lastNamePrefix: 'DANG' })
    assert.deepEqual(parsePatientQuery('Nicolò'), { lastNamePrefix: 'NICOLO' })
  })

  test('two words are surname and first-name prefixes', ({ assert }) => {
    assert.deepEqual(parsePatientQuery('rossi ma'), { lastNamePrefix: 'ROSSI', firstNamePrefix: 'MA' })
    assert.deepEqual(parsePatientQuery('rossi, mario'), { lastNamePrefix: 'ROSSI', firstNamePrefix: 'MARIO' })
  })

  test('more words make a compound surname; particles stay with the surname', ({ assert }) => {
    assert.deepEqual(parsePatientQuery('de luca'), { lastNamePrefix: 'DELUCA' })
    assert.deepEqual(parsePatientQuery('de luca ann'), { lastNamePrefix: 'DELUCA', firstNamePrefix: 'ANN' })
    assert.deepEqual(parsePatientQuery('lo russo g'), { lastNamePrefix: 'LORUSSO', firstNamePrefix: 'G' })
    assert.deepEqual(parsePatientQuery("dell' anna m"), { lastNamePrefix: 'DELLANNA', firstNamePrefix: 'M' })
    assert.deepEqual(parsePatientQuery('ferrari bruni marco'), { lastNamePrefix: 'FERRARIBRUNI', firstNamePrefix: 'MARCO' })
  })

  test('initials with dots', ({ assert }) => {
    assert.deepEqual(parsePatientQuery('R.M.'), { lastNamePrefix: 'R', firstNamePrefix: 'M' })
    assert.deepEqual(parsePatientQuery('r.m'), { lastNamePrefix: 'R', firstNamePrefix: 'M' })
    assert.deepEqual(parsePatientQuery('r. m.'), { lastNamePrefix: 'R', firstNamePrefix: 'M' })
    assert.deepEqual(parsePatientQuery('R.M. 1980'), { lastNamePrefix: 'R', firstNamePrefix: 'M', birthYear: 1980 })
  })

  test('a whole codice fiscale is an exact search, in any case', ({ assert }) => {
    assert.deepEqual(parsePatientQuery('rssmra80a01h501u'), { fiscalCode: 'RSSMRA80A01H501U' })
    assert.deepEqual(parsePatientQuery('RSSMRAULALMHRLMD'), { fiscalCode: 'RSSMRAULALMHRLMD' })
  })

  test('the start of a codice fiscale is a prefix search', ({ assert }) => {
    assert.deepEqual(parsePatientQuery('RSSMRA80'), { fiscalCodePrefix: 'RSSMRA80' })
    assert.deepEqual(parsePatientQuery('rssmra8'), { fiscalCodePrefix: 'RSSMRA8' })
    assert.deepEqual(parsePatientQuery('BNCLRA85M41F'), { fiscalCodePrefix: 'BNCLRA85M41F' })
    // omocodic start, no digit at all
    assert.deepEqual(parsePatientQuery('RSSMRAUL'), { fiscalCodePrefix: 'RSSMRAUL' })
  })

  test('six letters are a surname prefix first, a CF start when no surname matches', ({ assert }) => {
    assert.deepEqual(parsePatientQuery('RSSMRA'), { lastNamePrefix: 'RSSMRA', fallback: { fiscalCodePrefix: 'RSSMRA' } })
    // a real surname start has no fallback: its letters cannot be a CF name part
    assert.deepEqual(parsePatientQuery('Benven'), { lastNamePrefix: 'BENVEN' })
  })

  test('words with digits that are no CF start stay names', ({ assert }) => {
    assert.deepEqual(parsePatientQuery('ROSSI1'), { lastNamePrefix: 'ROSSI1' })
    assert.deepEqual(parsePatientQuery('BENVENUTO80'), { lastNamePrefix: 'BENVENUTO80' })
  })

  test('a four-digit year, alone or combined', ({ assert }) => {
    assert.deepEqual(parsePatientQuery('1956'), { birthYear: 1956 })
    assert.deepEqual(parsePatientQuery('rossi 1956'), { lastNamePrefix: 'ROSSI', birthYear: 1956 })
    assert.deepEqual(parsePatientQuery('1956 rossi ma'), { lastNamePrefix: 'ROSSI', firstNamePrefix: 'MA', birthYear: 1956 })
    assert.deepEqual(parsePatientQuery('RSSMRA80 1980'), { fiscalCodePrefix: 'RSSMRA80', birthYear: 1980 })
  })

  test('other numbers are not years', ({ assert }) => {
    assert.deepEqual(parsePatientQuery('0123'), { lastNamePrefix: '0123' })
    assert.deepEqual(parsePatientQuery('12'), { lastNamePrefix: '12' })
  })

  test('blank input and punctuation alone search nothing', ({ assert }) => {
    assert.isTrue(isEmptyQuery(parsePatientQuery('   ')))
    assert.isTrue(isEmptyQuery(parsePatientQuery("' - .")))
    assert.isFalse(isEmptyQuery(parsePatientQuery('r')))
  })
})
