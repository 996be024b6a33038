import { test } from '@japa/runner'
import { aicCheckDigit, aicProblem, assertValidAic, isValidAic, normalizeAic } from '../../domain/aic.js'

test.group('AIC check digit', () => {
  test('spec vectors', ({ assert }) => {
    assert.equal(aicCheckDigit('01274509'), '3')
    assert.equal(aicCheckDigit('01274516'), '8')
    assert.equal(aicCheckDigit('02947008'), '5')
  })

  test('complete codes with the right check digit are valid', ({ assert }) => {
    for (const aic of ['012745093', '012745168', '029470085']) {
      assert.isTrue(isValidAic(aic), aic)
      assert.isNull(aicProblem(aic), aic)
    }
  })

  test('a wrong check digit is refused with the Italian message', ({ assert }) => {
    assert.equal(aicProblem('012745094'), 'Codice AIC non valido: 012745094 (cifra di controllo errata)')
    // two digits swapped
    assert.isFalse(isValidAic('021745093'))
  })

  test('a wrong form is refused with the Italian message', ({ assert }) => {
    assert.equal(aicProblem('01274509'), 'Codice AIC non valido: 01274509 (devono essere 9 cifre)')
    assert.match(aicProblem('01274509X')!, /^Codice AIC non valido: 01274509X/)
    assert.match(aicProblem('')!, /^Codice AIC non valido/)
  })

  test('the A printed before the code on the pack and blanks are accepted', ({ assert }) => {
    assert.equal(normalizeAic('A012745093'), '012745093')
    assert.equal(normalizeAic(' 012 745 093 '), '012745093')
    assert.isTrue(isValidAic('A012745093'))
  })

  test('assertValidAic returns the normalized code or throws', ({ assert }) => {
    assert.equal(assertValidAic('A 012745093'), '012745093')
    assert.throws(() => assertValidAic('012745090'), /Codice AIC non valido: 012745090/)
  })
})
