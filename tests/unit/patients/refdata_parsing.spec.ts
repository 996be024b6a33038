import { test } from '@japa/runner'
import { decodeText, splitCsvLine } from '#services/refdata/csv'
import { normalizedText } from '#services/refdata/dataset'
import { cleanDescription, icd9Chapter, ICD9_CODE } from '#services/refdata/datasets/icd9cm'

test.group('reference CSV parsing', () => {
  test('cells are split on the separator; quoted cells may hold it and doubled quotes', ({ assert }) => {
    assert.deepEqual(splitCsvLine('401.9;IPERTENSIONE', ';'), ['401.9', 'IPERTENSIONE'])
    assert.deepEqual(splitCsvLine('"799.9";"CAUSE; NAS"', ';'), ['799.9', 'CAUSE; NAS'])
    assert.deepEqual(splitCsvLine('A;"detto ""il"" dottore";', ';'), ['A', 'detto "il" dottore', ''])
    assert.deepEqual(splitCsvLine('H501,Roma,RM', ','), ['H501', 'Roma', 'RM'])
  })

  test('UTF-8 is read as such, anything else as Windows-1252', ({ assert }) => {
    assert.equal(decodeText(Buffer.from('\uFEFFCittà', 'utf8')), 'Città')
    assert.equal(decodeText(Buffer.from([0x43, 0x69, 0x74, 0x74, 0xe0, 0x20, 0x80])), 'Città €')
  })
})

test.group('ICD9-CM derived values', () => {
  test('the code pattern of the certificates (E and V codes, up to two decimals)', ({ assert }) => {
    for (const ok of ['001', '001.0', '250.00', 'V01.1', 'V17', 'E880.9', 'E849.4']) assert.match(ok, ICD9_CODE)
    for (const bad of ['E', '1', '250.000', 'X12', '25O.0']) assert.notMatch(bad, ICD9_CODE)
  })

  test('chapters follow the numeric ranges; V and E are their own', ({ assert }) => {
    assert.equal(icd9Chapter('001.0'), '1')
    assert.equal(icd9Chapter('139.8'), '1')
    assert.equal(icd9Chapter('250.00'), '3')
    assert.equal(icd9Chapter('401.9'), '7')
    assert.equal(icd9Chapter('487.1'), '8')
    assert.equal(icd9Chapter('799.9'), '16')
    assert.equal(icd9Chapter('959.9'), '17')
    assert.equal(icd9Chapter('V17.3'), 'V')
    assert.equal(icd9Chapter('E880.9'), 'E')
  })

  test('descriptions: "@" back to À, blanks squeezed, long ones cut to the column', ({ assert }) => {
    assert.equal(cleanDescription("DIABETE CON IPEROSMOLARIT@ ,TIPO II"), 'DIABETE CON IPEROSMOLARITÀ ,TIPO II')
    assert.equal(cleanDescription('  TOSSE   SECCA '), 'TOSSE SECCA')
    const long = cleanDescription('X'.repeat(640))
    assert.lengthOf(long, 300)
    assert.isTrue(long.endsWith('…'))
  })

  test('search text: upper case, no accents, punctuation as blanks, codes kept', ({ assert }) => {
    assert.equal(normalizedText("401.9 Ipertensione essenziale, non specificata"), '401.9 IPERTENSIONE ESSENZIALE NON SPECIFICATA')
    assert.equal(normalizedText("OBESITÀ dell'adulto"), 'OBESITA DELL ADULTO')
  })
})
