import { test } from '@japa/runner'
import {
  allowedEvents,
  canCancel,
  countsForWaitingBanner,
  IllegalTransition,
  isFinal,
  PRESCRIPTION_EVENTS,
  PRESCRIPTION_STATES,
  stateBadgeClass,
  stateLabel,
  transition,
  TRANSITIONS,
  type Actor,
  type PrescriptionEvent,
  type PrescriptionState,
} from '../../domain/state_machine.js'

// Spec §8, one line a move: from, event, to, who.
const LEGAL: [PrescriptionState, PrescriptionEvent, PrescriptionState, Actor][] = [
  ['DRAFT', 'submit', 'AWAITING_VALIDATION', 'staff'],
  ['AWAITING_VALIDATION', 'approve', 'VALIDATED', 'doctor'],
  ['AWAITING_VALIDATION', 'refuse', 'DISCARDED', 'doctor'],
  ['DRAFT', 'approve', 'VALIDATED', 'doctor'],
  ['VALIDATED', 'send', 'SENDING', 'doctor'],
  ['SENDING', 'accepted', 'ACCEPTED', 'system'],
  ['SENDING', 'rejected', 'REJECTED', 'system'],
  ['SENDING', 'send_failed', 'PENDING', 'system'],
  ['PENDING', 'retry', 'SENDING', 'system'],
  ['PENDING', 'reconciled', 'ACCEPTED', 'system'],
  ['REJECTED', 'edit', 'DRAFT', 'staff'],
  ['ACCEPTED', 'deliver', 'DELIVERED', 'staff'],
  ['ACCEPTED', 'deliver', 'DELIVERED', 'system'],
  ['DELIVERED', 'deliver', 'DELIVERED', 'staff'],
  ['DELIVERED', 'deliver', 'DELIVERED', 'system'],
  ['ACCEPTED', 'dispensing', 'DISPENSING', 'system'],
  ['DELIVERED', 'dispensing', 'DISPENSING', 'system'],
  ['ACCEPTED', 'dispensed', 'DISPENSED', 'system'],
  ['DELIVERED', 'dispensed', 'DISPENSED', 'system'],
  ['DISPENSING', 'dispensed', 'DISPENSED', 'system'],
  ['ACCEPTED', 'cancelled_remotely', 'CANCELLED', 'system'],
  ['DELIVERED', 'cancelled_remotely', 'CANCELLED', 'system'],
  ['ACCEPTED', 'expire', 'EXPIRED', 'system'],
  ['DELIVERED', 'expire', 'EXPIRED', 'system'],
  ['ACCEPTED', 'cancel', 'CANCEL_REQUESTED', 'doctor'],
  ['DELIVERED', 'cancel', 'CANCEL_REQUESTED', 'doctor'],
  ['CANCEL_REQUESTED', 'cancel_confirmed', 'CANCELLED', 'system'],
  ['DRAFT', 'cancel', 'CANCELLED', 'doctor'],
  ['AWAITING_VALIDATION', 'cancel', 'CANCELLED', 'doctor'],
  ['VALIDATED', 'cancel', 'CANCELLED', 'doctor'],
  // Beyond the spec's table, from the seed manual's failed sequence: a rejected one is printed
  // red as it is, or cancelled (the service holds no copy) to be prescribed again corrected.
  ['REJECTED', 'print_red', 'SENDING', 'doctor'],
  ['REJECTED', 'cancel', 'CANCELLED', 'doctor'],
]

test.group('prescription states: legal moves', () => {
  test('every move of the spec is allowed to its actor', ({ assert }) => {
    for (const [from, event, to, who] of LEGAL) {
      assert.equal(transition(from, event, who), to, `${from} --${event}(${who})-->`)
    }
  })

  test('the table holds exactly the moves of the spec', ({ assert }) => {
    const table = TRANSITIONS.map((t) => `${t.from} ${t.event} ${t.to} ${t.who}`)
    const expected = [
      ...LEGAL.map(([from, event, to, who]) => `${from} ${event} ${to} ${who}`),
      'CANCEL_REQUESTED cancel_refused previous system',
      'PENDING cancel CANCELLED doctor',
      'SENDING cancel CANCELLED doctor',
    ]
    assert.sameMembers(table, expected)
  })

  test('a doctor may do what staff may', ({ assert }) => {
    assert.equal(transition('DRAFT', 'submit', 'doctor'), 'AWAITING_VALIDATION')
    assert.equal(transition('REJECTED', 'edit', 'doctor'), 'DRAFT')
    assert.equal(transition('ACCEPTED', 'deliver', 'doctor'), 'DELIVERED')
  })

  test('a refused cancellation goes back to the state before it', ({ assert }) => {
    assert.equal(transition('CANCEL_REQUESTED', 'cancel_refused', 'system', { previous: 'ACCEPTED' }), 'ACCEPTED')
    assert.equal(transition('CANCEL_REQUESTED', 'cancel_refused', 'system', { previous: 'DELIVERED' }), 'DELIVERED')
    assert.throws(() => transition('CANCEL_REQUESTED', 'cancel_refused', 'system'), IllegalTransition)
    assert.throws(() => transition('CANCEL_REQUESTED', 'cancel_refused', 'system', { previous: 'DRAFT' }), IllegalTransition)
  })

  test('a pending prescription is cancelled locally only once no remote copy was found', ({ assert }) => {
    assert.equal(transition('PENDING', 'cancel', 'doctor', { remoteCopy: false }), 'CANCELLED')
    // A call in flight is never cancelled; a red sheet withdrawn from the MEF queue is.
    assert.throws(() => transition('SENDING', 'cancel', 'doctor'), /attendere l'esito/)
    assert.equal(transition('SENDING', 'cancel', 'doctor', { redNotTransmitted: true }), 'CANCELLED')
    assert.throws(() => transition('PENDING', 'cancel', 'doctor'), /verificare che non sia arrivata/)
    assert.throws(() => transition('PENDING', 'cancel', 'doctor', { remoteCopy: true }), IllegalTransition)
  })
})

test.group('prescription states: illegal moves', () => {
  test('moves that are not in the table are refused in Italian', ({ assert }) => {
    const samples: [PrescriptionState, PrescriptionEvent, Actor][] = [
      ['DRAFT', 'send', 'doctor'],
      ['AWAITING_VALIDATION', 'send', 'doctor'],
      ['DISPENSED', 'cancel', 'doctor'],
      ['DISPENSING', 'cancel', 'doctor'],
      ['CANCELLED', 'approve', 'doctor'],
      ['SENDING', 'cancel', 'doctor'],
      ['REJECTED', 'send', 'doctor'],
      ['EXPIRED', 'deliver', 'staff'],
      ['DISCARDED', 'edit', 'staff'],
      ['VALIDATED', 'approve', 'doctor'],
      ['ACCEPTED', 'accepted', 'system'],
    ]
    for (const [state, event, actor] of samples) {
      assert.throws(() => transition(state, event, actor), IllegalTransition, /Non è possibile/, `${state} ${event}`)
    }
    assert.throws(() => transition('DISPENSED', 'cancel', 'doctor'), 'Non è possibile annullare una prescrizione nello stato «Erogata».')
  })

  test('staff can prepare only: approving, refusing, sending and cancelling are the doctor\'s', ({ assert }) => {
    assert.throws(() => transition('AWAITING_VALIDATION', 'approve', 'staff'), 'Solo il medico può validare la prescrizione.')
    assert.throws(() => transition('AWAITING_VALIDATION', 'refuse', 'staff'), IllegalTransition)
    assert.throws(() => transition('DRAFT', 'approve', 'staff'), IllegalTransition)
    assert.throws(() => transition('VALIDATED', 'send', 'staff'), 'Solo il medico può inviare la prescrizione.')
    assert.throws(() => transition('ACCEPTED', 'cancel', 'staff'), IllegalTransition)
    assert.throws(() => transition('DRAFT', 'cancel', 'staff'), IllegalTransition)
  })

  test('outcomes of the remote service are recorded by the system only', ({ assert }) => {
    assert.throws(() => transition('SENDING', 'accepted', 'doctor'), /solo dal sistema/)
    assert.throws(() => transition('ACCEPTED', 'dispensed', 'staff'), IllegalTransition)
    assert.throws(() => transition('PENDING', 'retry', 'doctor'), IllegalTransition)
  })

  test('the system does not approve', ({ assert }) => {
    assert.throws(() => transition('AWAITING_VALIDATION', 'approve', 'system'), IllegalTransition)
  })

  test('the error carries state, event and actor', ({ assert }) => {
    try {
      transition('DISPENSED', 'cancel', 'doctor')
      assert.fail('expected an error')
    } catch (error) {
      assert.instanceOf(error, IllegalTransition)
      assert.include(error as IllegalTransition, { state: 'DISPENSED', event: 'cancel', actor: 'doctor' })
    }
  })
})

test.group('prescription states: what the pages ask', () => {
  test('cancellable only until dispensing starts', ({ assert }) => {
    const cancellable = PRESCRIPTION_STATES.filter(canCancel)
    assert.sameMembers(cancellable, ['DRAFT', 'AWAITING_VALIDATION', 'VALIDATED', 'PENDING', 'REJECTED', 'SENDING', 'ACCEPTED', 'DELIVERED'])
  })

  test('final states have no way out', ({ assert }) => {
    assert.sameMembers(PRESCRIPTION_STATES.filter(isFinal), ['DISPENSED', 'CANCELLED', 'EXPIRED', 'DISCARDED'])
  })

  test('the waiting banner counts pending and awaiting validation', ({ assert }) => {
    assert.sameMembers(PRESCRIPTION_STATES.filter(countsForWaitingBanner), ['PENDING', 'AWAITING_VALIDATION'])
  })

  test('every state has an Italian label and a badge class', ({ assert }) => {
    for (const state of PRESCRIPTION_STATES) {
      assert.isNotEmpty(stateLabel(state))
      assert.match(stateBadgeClass(state), /^badge( ok| warn| err)?$/)
    }
    assert.equal(stateLabel('PENDING'), 'In attesa')
    assert.equal(stateBadgeClass('REJECTED'), 'badge err')
    assert.equal(stateBadgeClass('ACCEPTED'), 'badge ok')
  })

  test('the buttons each actor sees', ({ assert }) => {
    assert.sameMembers(allowedEvents('AWAITING_VALIDATION', 'doctor'), ['approve', 'refuse', 'cancel'])
    assert.deepEqual(allowedEvents('AWAITING_VALIDATION', 'staff'), [])
    assert.sameMembers(allowedEvents('DRAFT', 'staff'), ['submit'])
    assert.sameMembers(allowedEvents('ACCEPTED', 'staff'), ['deliver'])
  })

  test('every event of the table is a known event', ({ assert }) => {
    for (const t of TRANSITIONS) assert.include(PRESCRIPTION_EVENTS, t.event)
  })
})
