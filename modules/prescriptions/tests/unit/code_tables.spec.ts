import { test } from '@japa/runner'
import { isPriorityClass, PRIORITY_CLASSES, PRIORITY_TABLE, priorityLabel } from '../../domain/priority.js'
import { isTipoRic, needsForeignBlock, promemoriaTipoRic, TIPO_RIC_CODES, tipoRicLabel } from '../../domain/tipo_ric.js'
import { contentOfKind, PRESCRIPTION_KINDS, tipoPrescrizioneOf } from '../../domain/kinds.js'

test.group('priority classes', () => {
  test('U, B, D, P with Italian labels', ({ assert }) => {
    assert.deepEqual([...PRIORITY_CLASSES], ['U', 'B', 'D', 'P'])
    assert.equal(priorityLabel('U'), 'U - Urgente (entro 72 ore)')
    assert.equal(priorityLabel('B'), 'B - Breve (entro 10 giorni)')
    assert.match(priorityLabel('D'), /Differibile.*30 giorni.*60 giorni/)
    assert.match(priorityLabel('P'), /Programmata/)
    assert.isFalse(PRIORITY_TABLE.P.verified)
  })

  test('anything else is not a priority class', ({ assert }) => {
    for (const value of ['u', 'X', '', null, 1]) assert.isFalse(isPriorityClass(value), String(value))
    assert.isTrue(isPriorityClass('D'))
  })
})

test.group('tipo ricetta', () => {
  test('the codes of the SAC with Italian labels', ({ assert }) => {
    assert.sameMembers([...TIPO_RIC_CODES], ['', 'EE', 'UE', 'NA', 'ND', 'NE', 'NX', 'ST'])
    for (const code of TIPO_RIC_CODES) assert.isNotEmpty(tipoRicLabel(code))
    assert.equal(tipoRicLabel(null), 'Assistito SSN')
    assert.match(tipoRicLabel('ST'), /STP/)
  })

  test('AD is regional only and never sent to the SAC', ({ assert }) => {
    assert.isFalse(isTipoRic('AD'))
  })

  test('the promemoria prints Assist.SSN for an ordinary patient', ({ assert }) => {
    assert.equal(promemoriaTipoRic(''), 'Assist.SSN')
    assert.equal(promemoriaTipoRic(null), 'Assist.SSN')
    assert.equal(promemoriaTipoRic('UE'), 'UE')
  })

  test('EU insured people need the foreign block', ({ assert }) => {
    assert.isTrue(needsForeignBlock('UE'))
    assert.isFalse(needsForeignBlock('EE'))
  })
})

test.group('prescription kinds', () => {
  test('demat kinds impose their content, paper kinds carry either', ({ assert }) => {
    assert.equal(contentOfKind('DEM_FARMACEUTICA'), 'drug')
    assert.equal(contentOfKind('DEM_SPECIALISTICA'), 'service')
    assert.isNull(contentOfKind('ROSSA'))
    assert.lengthOf(PRESCRIPTION_KINDS, 5)
    assert.equal(tipoPrescrizioneOf('drug'), 'F')
    assert.equal(tipoPrescrizioneOf('service'), 'P')
  })
})
