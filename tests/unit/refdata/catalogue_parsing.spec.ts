import { test } from '@japa/runner'
import { CATALOGUE_CODE, splitGluedNotes } from '#services/refdata/datasets/catalogue'
import { withCodeDot } from '#services/refdata/search_catalogue'

test.group('catalogue parsing', () => {
  test('codes of the nomenclature: NN.NN[.X] and the variants the published lists hold', ({ assert }) => {
    for (const ok of ['89.7', '89.01', '89.01.C', '03.91.1', '20.94.A', '88.71.4', '89.7A.3', '89.7B.2', 'G2.09', '99.99.99']) assert.match(ok, CATALOGUE_CODE)
    for (const bad of ['8952', '89', '89.', '89.523', 'g2.09', '89.52.ABC', '1.52', 'AB.12']) assert.notMatch(bad, CATALOGUE_CODE)
  })

  test('notes glued to the description are split off where an upper-case word runs into one', ({ assert }) => {
    assert.deepEqual(splitGluedNotes('CONTROLLO DI NEUROSTIMOLATORE ENCEFALICONon associabile a Visita neurologica di controllo 89.01.C'), {
      description: 'CONTROLLO DI NEUROSTIMOLATORE ENCEFALICO',
      notes: 'Non associabile a Visita neurologica di controllo 89.01.C',
    })
    assert.deepEqual(splitGluedNotes('TEST ALLA LEVODOPA /APOMORFINAIncluso farmaco'), { description: 'TEST ALLA LEVODOPA /APOMORFINA', notes: 'Incluso farmaco' })
    assert.deepEqual(splitGluedNotes('  ELETTROCARDIOGRAMMA  '), { description: 'ELETTROCARDIOGRAMMA', notes: null })
    // lower case inside a code or a typo is no note
    assert.isNull(splitGluedNotes('MONITORAGGIO DOPPLER PER IL MICROEMBOLISMO [MESh]').notes)
    assert.isNull(splitGluedNotes('VIRUS EPATITE B [HBV] ANTICORPI HBeAg. Non associabile a 91.18.6').notes)
    assert.isNull(splitGluedNotes('VALUTAZIONdi E MONOFUNZIONALE DELLE FUNZIONI MUSCOLARI').notes)
  })

  test('codes typed without the dot get it back', ({ assert }) => {
    assert.equal(withCodeDot('8952'), '89.52')
    assert.equal(withCodeDot('897'), '89.7')
    assert.equal(withCodeDot('89.52'), '89.52')
    assert.equal(withCodeDot('89521'), '89521')
  })
})
