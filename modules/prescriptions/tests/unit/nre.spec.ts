import { test } from '@japa/runner'
import {
  code39Text,
  composeLotNre,
  isValidNre,
  lotSize,
  normalizeNre,
  nreLotPrefix,
  nreProblem,
  splitNre,
} from '../../domain/nre.js'
import { InvalidCode } from '../../domain/invalid_code.js'

test.group('NRE: form', () => {
  test('accepts SAC and regional numbers', ({ assert }) => {
    for (const nre of ['1300A4019294833', '041A01234567890', '1000A0000000207']) {
      assert.isTrue(isValidNre(nre), nre)
      assert.isNull(nreProblem(nre), nre)
    }
  })

  test('blanks and lower case typed by the user are normalized', ({ assert }) => {
    assert.equal(normalizeNre(' 1300a 4019294833 '), '1300A4019294833')
    assert.isTrue(isValidNre('1300a 40192 94833'))
  })

  test('refuses a wrong length or characters in the wrong place, in Italian', ({ assert }) => {
    assert.match(nreProblem('1300A401929483')!, /NRE non valido.*15 caratteri, ne ha 14/)
    assert.match(nreProblem('A300A4019294833')!, /NRE non valido/)
    assert.match(nreProblem('1300A401929483X')!, /NRE non valido/)
    assert.isFalse(isValidNre('1300-4019294833'))
  })
})

test.group('NRE: printed parts and barcodes', () => {
  test('is split 5 + 10 as printed on the promemoria', ({ assert }) => {
    assert.deepEqual(splitNre('1300A4019294833'), { part1: '1300A', part2: '4019294833' })
  })

  test('splitting a malformed NRE throws the Italian message', ({ assert }) => {
    assert.throws(() => splitNre('1300A40192948'), /NRE non valido/)
    try {
      splitNre('x')
    } catch (error) {
      assert.instanceOf(error, InvalidCode)
      assert.equal((error as InvalidCode).kind, 'nre')
    }
  })

  test('Code 39 human-readable text carries the start/stop asterisks', ({ assert }) => {
    assert.equal(code39Text(splitNre('1300A4019294833').part1), '*1300A*')
    assert.equal(code39Text('4019294833'), '*4019294833*')
    assert.equal(code39Text('RSSMRA85T10A562S'), '*RSSMRA85T10A562S*')
  })

  test('Code 39 refuses the asterisk and lower case inside the data', ({ assert }) => {
    assert.throws(() => code39Text('13*0A'), /Code 39/)
    assert.throws(() => code39Text('1300a'), /Code 39/)
    assert.throws(() => code39Text(''), /Code 39/)
  })
})

test.group('NRE: numbers drawn from a regional lot', () => {
  test('lot of 100: 7-digit lot code and 2-digit progressive', ({ assert }) => {
    const lot = { regionCode: '100', groupCode: '0A', lotKind: 0 as const, lotCode: '0000002' }
    assert.equal(composeLotNre(lot, 7), '1000A0000000207')
    assert.equal(nreLotPrefix(lot), '1000A00000002')
    assert.lengthOf(nreLotPrefix(lot), 13)
    assert.equal(lotSize(0), 100)
  })

  test('lot of 1000: 6-digit lot code and 3-digit progressive', ({ assert }) => {
    const lot = { regionCode: '100', groupCode: '0A', lotKind: 1 as const, lotCode: '000001' }
    assert.equal(composeLotNre(lot, 123), '1000A1000001123')
    assert.lengthOf(nreLotPrefix(lot), 12)
    assert.equal(lotSize(1), 1000)
  })

  test('every number of a lot is a valid NRE, first and last included', ({ assert }) => {
    const lot = { regionCode: '100', groupCode: 'A0', lotKind: 0 as const, lotCode: '1234567' }
    assert.equal(composeLotNre(lot, 0), '100A00123456700')
    assert.equal(composeLotNre(lot, 99), '100A00123456799')
    assert.isTrue(isValidNre(composeLotNre(lot, 99)))
  })

  test('a progressive outside the lot or a malformed lot is refused', ({ assert }) => {
    const lot = { regionCode: '100', groupCode: '0A', lotKind: 0 as const, lotCode: '0000002' }
    assert.throws(() => composeLotNre(lot, 100), /fuori dal lotto/)
    assert.throws(() => composeLotNre(lot, -1), /fuori dal lotto/)
    assert.throws(() => composeLotNre(lot, 1.5), /fuori dal lotto/)
    assert.throws(() => composeLotNre({ ...lot, lotCode: '000002' }, 1), /codice lotto di 7 cifre/)
    assert.throws(() => composeLotNre({ ...lot, regionCode: '10' }, 1), /codice regione/)
    assert.throws(() => composeLotNre({ ...lot, groupCode: '0a' }, 1), /gruppo/)
  })
})
