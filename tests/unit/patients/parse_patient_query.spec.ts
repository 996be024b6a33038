import { test } from '@japa/runner'
import { parsePatientQuery, isEmptyQuery } from '#services/patients/parse_patient_query'

test.group('patient search parsing', () => {
  test('a word is a surname prefix, folded like the stored key', ({ assert }) => {
    assert.deepEqual(parsePatientQuery('ros'), { lastNamePrefix: 'ROS' })
    assert.deepEqual(parsePatientQuery("d'ang"), { lastNamePrefix: 'DANG' })
    assert.deepEqual(parsePatientQuery('Nicolò'), { lastNamePrefix: 'NICOLO' })
  })

  test('two words are surname and first-name prefixes; more words make a compound surname', ({ assert }) => {
    assert.deepEqual(parsePatientQuery('rossi ma'), { lastNamePrefix: 'ROSSI', firstNamePrefix: 'MA' })
    assert.deepEqual(parsePatientQuery('de luca ann'), { lastNamePrefix: 'DELUCA', firstNamePrefix: 'ANN' })
  })

  test('initials with dots', ({ assert }) => {
    assert.deepEqual(parsePatientQuery('R.M.'), { lastNamePrefix: 'R', firstNamePrefix: 'M' })
    assert.deepEqual(parsePatientQuery('r. m'), { lastNamePrefix: 'R', firstNamePrefix: 'M' })
  })

  test('a whole codice fiscale, or its start', ({ assert }) => {
    assert.deepEqual(parsePatientQuery('rssmra80a01h501u'), { fiscalCode: 'RSSMRA80A01H501U' })
    assert.deepEqual(parsePatientQuery('RSSMRA80'), { fiscalCodePrefix: 'RSSMRA80' })
    // six letters alone are a surname prefix, not a CF
    assert.deepEqual(parsePatientQuery('RSSMRA'), { lastNamePrefix: 'RSSMRA' })
  })

  test('a four-digit year, alone or with a surname', ({ assert }) => {
    assert.deepEqual(parsePatientQuery('1956'), { birthYear: 1956 })
    assert.deepEqual(parsePatientQuery('rossi 1956'), { lastNamePrefix: 'ROSSI', birthYear: 1956 })
  })

  test('blank input searches nothing', ({ assert }) => {
    assert.isTrue(isEmptyQuery(parsePatientQuery('   ')))
    assert.isFalse(isEmptyQuery(parsePatientQuery('r')))
  })
})
