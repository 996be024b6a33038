import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import {
  coherenceMismatches,
  coherenceProblems,
  decodeFiscalCode,
  deomocode,
  fiscalCodeProblem,
  isValidFiscalCode,
  normalizeFiscalCode,
  placeNameOf,
} from '#services/patients/fiscal_code'

// Real-form test vectors; check characters verified with an independent implementation of the
// DM 23/12/1976 algorithm. Omocodic forms of RSSMRA80A01H501U, digits replaced from the right:
//   1 digit  RSSMRA80A01H50MM   (1 → M)
//   2 digits RSSMRA80A01H5LMX   (0 → L, 1 → M)
//   7 digits RSSMRAULALMHRLMD   (every digit)
//   year     RSSMRAU0A01H501R   (8 → U only)
const ROSSI = 'RSSMRA80A01H501U'

test.group('codice fiscale: formal validity', () => {
  test('accepts valid codes', ({ assert }) => {
    for (const cf of [ROSSI, 'BNCLRA85M41F205C', 'VRDGPP75C15L219H', 'DNGLCU63S12F839Z', 'RSSMRA00A01H501C', 'NGYNNA90A55Z404K']) {
      assert.isNull(fiscalCodeProblem(cf), cf)
    }
  })

  test('lower case and blanks are normalized before checking', ({ assert }) => {
    assert.equal(normalizeFiscalCode(' rss mra 80a01 h501u '), ROSSI)
    assert.isTrue(isValidFiscalCode('rssmra80a01h501u'))
    assert.isTrue(isValidFiscalCode('RSS MRA 80A01 H501U'))
  })

  test('a wrong check character is told apart from a wrong form', ({ assert }) => {
    assert.equal(fiscalCodeProblem('RSSMRA80A01H501X'), 'check_character')
    assert.equal(fiscalCodeProblem('BNCLRA85M41F205D'), 'check_character')
    // one transposed digit changes the check character
    assert.equal(fiscalCodeProblem('RSSMRA08A01H501U'), 'check_character')
  })

  test('a wrong length is refused as such', ({ assert }) => {
    assert.equal(fiscalCodeProblem('RSSMRA80A01H501'), 'length')
    assert.equal(fiscalCodeProblem('RSSMRA80A01H501UU'), 'length')
    assert.equal(fiscalCodeProblem(''), 'length')
    assert.equal(fiscalCodeProblem('12345678901'), 'length') // a partita IVA is not a CF
  })

  test('characters in the wrong places are refused as a wrong form', ({ assert }) => {
    assert.equal(fiscalCodeProblem('RSSMRA80Z01H501U'), 'format') // Z is no month letter
    assert.equal(fiscalCodeProblem('RSS1RA80A01H501U'), 'format') // digit in the name part
    assert.equal(fiscalCodeProblem('RSSMRA80A01H50AU'), 'format') // A is no omocodia letter
    assert.equal(fiscalCodeProblem('RSSMRA80A011501U'), 'format') // place must start with a letter
    assert.equal(fiscalCodeProblem('RSSMRA80A01H501-'), 'format')
  })

  test('a birth date that does not exist is refused', ({ assert }) => {
    assert.equal(fiscalCodeProblem('RSSMRA80A32H501X'), 'date') // 32 January
    assert.equal(fiscalCodeProblem('RSSMRA80A00H501X'), 'date') // day 0
    assert.equal(fiscalCodeProblem('BNCGVN01B29F205R'), 'date') // 29 February 2001 (and 1901)
    assert.equal(fiscalCodeProblem('RSSMRA80S31H501X'), 'date') // 31 November
  })
})

test.group('codice fiscale: omocodia', () => {
  test('omocodic codes with L, M, N... substitutions are valid', ({ assert }) => {
    for (const cf of ['RSSMRA80A01H50MM', 'RSSMRA80A01H5LMX', 'RSSMRAULALMHRLMD', 'RSSMRAU0A01H501R', 'rssmra80a01h50mm']) {
      assert.isNull(fiscalCodeProblem(cf), cf)
    }
  })

  test('an omocodic code with a wrong check character is refused', ({ assert }) => {
    assert.equal(fiscalCodeProblem('RSSMRA80A01H50MU'), 'check_character')
  })

  test('de-omocoding gives the original code with its own check character', ({ assert }) => {
    for (const cf of ['RSSMRA80A01H50MM', 'RSSMRA80A01H5LMX', 'RSSMRAULALMHRLMD', 'RSSMRAU0A01H501R']) {
      assert.equal(deomocode(cf), ROSSI, cf)
    }
    assert.equal(deomocode(ROSSI), ROSSI)
  })

  test('omocodic codes decode like the original', ({ assert }) => {
    const decoded = decodeFiscalCode('RSSMRAULALMHRLMD')
    assert.isTrue(decoded.isOmocode)
    assert.equal(decoded.sex, 'M')
    assert.equal(decoded.birthDate.toISODate(), '1980-01-01')
    assert.equal(decoded.birthPlaceCode, 'H501')
    assert.isFalse(decodeFiscalCode(ROSSI).isOmocode)
  })
})

test.group('codice fiscale: decoding', () => {
  test('sex comes from the day (women have 40 added)', ({ assert }) => {
    const woman = decodeFiscalCode('BNCLRA85M41F205C')
    assert.equal(woman.sex, 'F')
    assert.equal(woman.birthDate.toISODate(), '1985-08-01')
    assert.equal(woman.birthPlaceCode, 'F205')
    assert.equal(decodeFiscalCode('VRDGPP75C15L219H').sex, 'M')
  })

  test('the two-digit year never puts the birth in the future', ({ assert }) => {
    const at = (iso: string) => DateTime.fromISO(iso) as DateTime<true>
    assert.equal(decodeFiscalCode('RSSMRA00A01H501C', at('2026-01-01')).birthDate.year, 2000)
    assert.equal(decodeFiscalCode('RSSMRA00A01H501C', at('1999-06-01')).birthDate.year, 1900)
    assert.equal(decodeFiscalCode(ROSSI, at('2026-01-01')).birthDate.year, 1980)
  })

  test('foreign births carry the Z code of the state', async ({ assert }) => {
    const decoded = decodeFiscalCode('NGYNNA90A55Z404K')
    assert.equal(decoded.birthPlaceCode, 'Z404')
    assert.equal(decoded.birthDate.toISODate(), '1990-01-15')
    assert.equal(await placeNameOf('Z404'), "Stati Uniti d'America")
    assert.equal(await placeNameOf('H501'), 'Roma (RM)')
    assert.isNull(await placeNameOf('Z999'))
  })
})

test.group('codice fiscale: coherence with the registry data', () => {
  const rossi = { lastName: 'Rossi', firstName: 'Mario', sex: 'M' as const, birthDate: DateTime.fromISO('1980-01-01'), birthPlaceCode: 'H501' }

  test('matching data give no problem, omocodic code included', ({ assert }) => {
    assert.deepEqual(coherenceProblems(ROSSI, rossi), [])
    assert.deepEqual(coherenceProblems('RSSMRAULALMHRLMD', rossi), [])
    assert.deepEqual(coherenceProblems('rssmra80a01h501u', { ...rossi, lastName: 'rossi', firstName: 'MARIO' }), [])
    // apostrophes, blanks and accents are ignored like the Agenzia does
    assert.deepEqual(
      coherenceProblems('DNGLCU63S12F839Z', { lastName: "D'Angelo", firstName: 'Lùca', sex: 'M', birthDate: DateTime.fromISO('1963-11-12'), birthPlaceCode: 'F839' }),
      []
    )
  })

  test('each disagreeing part is named', ({ assert }) => {
    assert.deepEqual(coherenceProblems(ROSSI, { ...rossi, firstName: 'Luca' }), ['first_name'])
    assert.deepEqual(
      coherenceProblems(ROSSI, { ...rossi, lastName: 'Bianchi', sex: 'F', birthDate: DateTime.fromISO('1980-01-02'), birthPlaceCode: 'F205' }),
      ['last_name', 'sex', 'birth_date', 'birth_place']
    )
  })

  test('a mismatch says what the code holds and what the data give', ({ assert }) => {
    assert.deepEqual(coherenceMismatches(ROSSI, { ...rossi, lastName: 'Bianchi' }), [
      { part: 'last_name', inCode: 'RSS', fromData: 'BNC' },
    ])
    assert.deepEqual(coherenceMismatches(ROSSI, { ...rossi, birthDate: DateTime.fromISO('1980-02-01') }), [
      { part: 'birth_date', inCode: '1980-01-01', fromData: '1980-02-01' },
    ])
  })

  test('the century is not in the code: a birth a hundred years earlier is coherent', ({ assert }) => {
    assert.deepEqual(coherenceProblems(ROSSI, { ...rossi, birthDate: DateTime.fromISO('1880-01-01') }), [])
  })

  test('a missing birth place is not a mismatch', ({ assert }) => {
    assert.deepEqual(coherenceProblems(ROSSI, { ...rossi, birthPlaceCode: null }), [])
  })
})
