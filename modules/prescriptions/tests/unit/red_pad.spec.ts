import { test } from '@japa/runner'
import {
  composeRedCode,
  controlDigit,
  isExhausted,
  nextSheet,
  padBar1,
  padFromFirstSheet,
  parityControlDigit,
  parseRedCode,
  remainingSheets,
  type RedPad,
} from '../../domain/red_pad.js'

// The manual's statement: the last digit ("controllo parità") is the sum of the single digits of
// the pad number and of the counter; a sum over 9 is read as its last digit.
const PAD: RedPad = {
  bar1: '13013',
  padNumber: '1234567',
  firstCounter: 0,
  lastCounter: 99,
  direction: 'ascending',
  nextCounter: 0,
}

test.group('red pad: control digit', () => {
  test('is the sum of the digits of pad number and counter, mod 10', ({ assert }) => {
    // 1+2+3+4+5+6+7 + 0+5 = 33
    assert.equal(controlDigit('123456705'), '3')
    // 0+0+0+0+0+0+1 + 0+2 = 3, below 10
    assert.equal(controlDigit('000000102'), '3')
    // 9*7 + 9+9 = 81
    assert.equal(controlDigit('999999999'), '1')
    // 1+2+3+4 + 0+0 = 10: the printed digit is 0
    assert.equal(controlDigit('000123400'), '0')
  })

  test('sits behind one function so another rule can replace it', ({ assert }) => {
    const alwaysSeven = () => '7'
    assert.equal(controlDigit('123456705', alwaysSeven), '7')
    assert.equal(composeRedCode('13013', '1234567', 5, { controlDigit: alwaysSeven }).bar2, '1234567057')
    assert.equal(parityControlDigit('123456705'), '3')
  })

  test('needs the 9 digits of pad number and counter', ({ assert }) => {
    assert.throws(() => controlDigit('12345670'), /9 cifre/)
  })
})

test.group('red pad: composing a sheet code', () => {
  test('bar1 is region code and two-digit year; bar2 pad number, counter and control digit', ({ assert }) => {
    assert.equal(padBar1('130', 2013), '13013')
    assert.equal(padBar1('010', 2026), '01026')
    const code = composeRedCode('13013', '1234567', 5)
    assert.deepEqual(code, {
      bar1: '13013',
      bar2: '1234567053',
      code: '130131234567053',
      regionCode: '130',
      year: '13',
      padNumber: '1234567',
      counter: 5,
      controlDigit: '3',
    })
  })

  test('refuses malformed parts', ({ assert }) => {
    assert.throws(() => padBar1('13', 2013), /Codice regione/)
    assert.throws(() => composeRedCode('1301', '1234567', 5), /Prima parte/)
    assert.throws(() => composeRedCode('13013', '123456', 5), /Numero del blocchetto/)
    assert.throws(() => composeRedCode('13013', '1234567', 100), /Contatore/)
  })
})

test.group('red pad: numbering', () => {
  test('ascending: 00, 01, ... then the pad is exhausted after 99', ({ assert }) => {
    const first = nextSheet(PAD)
    assert.equal(first.status, 'ok')
    if (first.status !== 'ok') return
    assert.equal(first.code.code, '130131234567' + '00' + '8')
    assert.isTrue(first.isFirstSheet)
    assert.equal(first.remaining, 99)

    const second = nextSheet(first.pad)
    assert.equal(second.status, 'ok')
    if (second.status !== 'ok') return
    assert.equal(second.code.bar2, '1234567' + '01' + '9')
    assert.isFalse(second.isFirstSheet)
    assert.equal(PAD.nextCounter, 0, 'the pad given is not changed')

    let pad = second.pad
    let printed = 2
    for (;;) {
      const sheet = nextSheet(pad)
      if (sheet.status === 'exhausted') {
        assert.match(sheet.message, /nuovo blocchetto/)
        break
      }
      pad = sheet.pad
      printed++
    }
    assert.equal(printed, 100)
    assert.isTrue(isExhausted(pad))
  })

  test('the last sheet of an ascending pad is counter 99', ({ assert }) => {
    const sheet = nextSheet({ ...PAD, nextCounter: 99 })
    assert.equal(sheet.status, 'ok')
    if (sheet.status !== 'ok') return
    // 28 + 18 = 46
    assert.equal(sheet.code.bar2, '1234567996')
    assert.equal(sheet.remaining, 0)
    assert.equal(nextSheet(sheet.pad).status, 'exhausted')
  })

  test('descending, for printers that take the pad reversed: starts at 99 and ends at 00', ({ assert }) => {
    const pad: RedPad = { ...PAD, firstCounter: 99, lastCounter: 0, direction: 'descending', nextCounter: 99 }
    assert.equal(remainingSheets(pad), 100)
    const first = nextSheet(pad)
    assert.equal(first.status, 'ok')
    if (first.status !== 'ok') return
    assert.equal(first.code.counter, 99)
    assert.isTrue(first.isFirstSheet)
    const second = nextSheet(first.pad)
    if (second.status !== 'ok') return assert.fail('expected a sheet')
    assert.equal(second.code.counter, 98)
    // 28 + 9 + 8 = 45
    assert.equal(second.code.bar2, '1234567985')

    const last = nextSheet({ ...pad, nextCounter: 0 })
    if (last.status !== 'ok') return assert.fail('expected a sheet')
    assert.equal(last.code.bar2, '1234567008')
    assert.equal(nextSheet(last.pad).status, 'exhausted')
  })

  test('a pad with counters in the wrong order is refused', ({ assert }) => {
    assert.throws(() => nextSheet({ ...PAD, firstCounter: 99, lastCounter: 0 }), /Blocchetto non valido/)
  })
})

test.group('red pad: code of the first sheet typed or scanned', () => {
  test('a right code is read into its parts without warnings', ({ assert }) => {
    const parsed = parseRedCode('130131234567053', { regionCode: '130', year: 2013 })
    assert.isTrue(parsed.ok)
    if (!parsed.ok) return
    assert.equal(parsed.code.padNumber, '1234567')
    assert.equal(parsed.code.counter, 5)
    assert.deepEqual(parsed.warnings, [])
  })

  test('the two barcodes, blanks and the printed asterisks are accepted', ({ assert }) => {
    for (const input of ['*13013* *1234567053*', '13013 1234567053', '13013-1234567053']) {
      const parsed = parseRedCode(input)
      assert.isTrue(parsed.ok, input)
      if (parsed.ok) assert.equal(parsed.code.code, '130131234567053')
    }
  })

  test('a control digit that disagrees is reported as a warning, not hidden and not corrected', ({ assert }) => {
    const parsed = parseRedCode('130131234567054')
    assert.isTrue(parsed.ok)
    if (!parsed.ok) return
    assert.equal(parsed.code.controlDigit, '4')
    assert.lengthOf(parsed.warnings, 1)
    assert.equal(parsed.warnings[0].kind, 'control_digit')
    assert.match(parsed.warnings[0].message, /controllo parità del codice \(4\).*calcolato \(3\)/)
  })

  test('a pad of another region or year is reported', ({ assert }) => {
    const parsed = parseRedCode('130131234567053', { regionCode: '120', year: 2026 })
    if (!parsed.ok) return assert.fail('expected a code')
    assert.sameMembers(
      parsed.warnings.map((w) => w.kind),
      ['region', 'year']
    )
  })

  test('a code that is not 15 digits is an error', ({ assert }) => {
    const parsed = parseRedCode('13013123456705')
    assert.isFalse(parsed.ok)
    if (!parsed.ok) assert.match(parsed.error, /15 cifre/)
    assert.isFalse(parseRedCode('13013A234567053').ok)
  })

  test('a new pad starts from the first sheet entered, ascending or descending', ({ assert }) => {
    const up = padFromFirstSheet('130131234567008')
    if (!up.ok) return assert.fail(up.error)
    assert.deepEqual(up.pad, { bar1: '13013', padNumber: '1234567', firstCounter: 0, lastCounter: 99, direction: 'ascending', nextCounter: 0 })
    const sheet = nextSheet(up.pad)
    if (sheet.status !== 'ok') return assert.fail('expected a sheet')
    assert.equal(sheet.code.code, '130131234567008')

    const down = padFromFirstSheet('130131234567994', 'descending')
    if (!down.ok) return assert.fail(down.error)
    assert.include(down.pad, { firstCounter: 99, lastCounter: 0, direction: 'descending', nextCounter: 99 })
    // 28 + 18 = 46: the 4 typed is reported
    assert.equal(down.warnings[0].kind, 'control_digit')
  })

  test('a pad started mid-way has only the sheets left', ({ assert }) => {
    const pad = padFromFirstSheet('130131234567402')
    if (!pad.ok) return assert.fail(pad.error)
    assert.deepEqual(pad.warnings, [])
    assert.equal(remainingSheets(pad.pad), 60)
  })
})
