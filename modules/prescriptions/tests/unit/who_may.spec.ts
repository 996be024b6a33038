import { test } from '@japa/runner'
import { mayCancel, mayPrepare, maySend, mayValidate, whoMay, type WhoMayInput } from '../../domain/who_may.js'

const TITOLARE = 1
const doctor = (id: number, extra: Partial<WhoMayInput['actor']> = {}): WhoMayInput['actor'] => ({
  id,
  role: 'titolare',
  associateOf: [],
  substituteFor: [],
  ...extra,
})
const staff = doctor(50, { role: 'collaboratore' })
const admin = doctor(60, { role: 'admin' })

test.group('who may validate and send', () => {
  test('the titolare of the patient', ({ assert }) => {
    const result = mayValidate({ actor: doctor(TITOLARE), prescriberId: TITOLARE })
    assert.deepEqual(result, { allowed: true, reason: 'Medico titolare del paziente.' })
    assert.isTrue(maySend({ actor: doctor(TITOLARE), prescriberId: TITOLARE }).allowed)
  })

  test('an associate of the titolare', ({ assert }) => {
    const result = mayValidate({ actor: doctor(2, { associateOf: [TITOLARE] }), prescriberId: TITOLARE })
    assert.isTrue(result.allowed)
    assert.match(result.reason, /associato/)
  })

  test('the substitute chosen by the titolare', ({ assert }) => {
    const result = maySend({ actor: doctor(3, { role: 'sostituto', substituteFor: [TITOLARE] }), prescriberId: TITOLARE })
    assert.isTrue(result.allowed)
    assert.match(result.reason, /Sostituto/)
  })

  test('a substitute chosen by another titolare may not', ({ assert }) => {
    const result = mayValidate({ actor: doctor(3, { role: 'sostituto', substituteFor: [9] }), prescriberId: TITOLARE })
    assert.isFalse(result.allowed)
    assert.match(result.reason, /Solo il titolare del paziente, un suo associato o il sostituto da lui scelto/)
  })

  test('another doctor of the studio may not', ({ assert }) => {
    assert.isFalse(mayValidate({ actor: doctor(4, { associateOf: [9] }), prescriberId: TITOLARE }).allowed)
  })

  test('staff prepare only', ({ assert }) => {
    const input = { actor: staff, prescriberId: TITOLARE }
    assert.isTrue(mayPrepare(input).allowed)
    const validate = mayValidate(input)
    assert.isFalse(validate.allowed)
    assert.equal(validate.reason, 'Il personale di studio può solo preparare la ricetta: solo il medico può validare la ricetta.')
    assert.isFalse(maySend(input).allowed)
  })

  test('the administrator does not prescribe', ({ assert }) => {
    for (const action of ['prepare', 'validate', 'send', 'cancel'] as const) {
      assert.isFalse(whoMay(action, { actor: admin, prescriberId: TITOLARE }).allowed, action)
    }
  })

  test('doctors may prepare too', ({ assert }) => {
    assert.isTrue(mayPrepare({ actor: doctor(4), prescriberId: TITOLARE }).allowed)
  })
})

test.group('who may cancel', () => {
  test('only a doctor', ({ assert }) => {
    const result = mayCancel({ actor: staff, prescriberId: TITOLARE })
    assert.isFalse(result.allowed)
    assert.match(result.reason, /solo il medico può annullare la ricetta/)
    assert.isFalse(mayCancel({ actor: staff, prescriberId: TITOLARE, sentById: TITOLARE }).allowed)
  })

  test('before sending: whoever may send it', ({ assert }) => {
    assert.isTrue(mayCancel({ actor: doctor(TITOLARE), prescriberId: TITOLARE }).allowed)
    assert.isTrue(mayCancel({ actor: doctor(2, { associateOf: [TITOLARE] }), prescriberId: TITOLARE, sentById: null }).allowed)
    assert.isFalse(mayCancel({ actor: doctor(4), prescriberId: TITOLARE }).allowed)
  })

  test('once sent: only the doctor who sent it, a substitute his own', ({ assert }) => {
    const substitute = doctor(3, { role: 'sostituto', substituteFor: [TITOLARE] })
    assert.isTrue(mayCancel({ actor: substitute, prescriberId: TITOLARE, sentById: 3 }).allowed)
    const titolare = mayCancel({ actor: doctor(TITOLARE), prescriberId: TITOLARE, sentById: 3 })
    assert.isFalse(titolare.allowed)
    assert.match(titolare.reason, /Solo il medico che ha inviato la ricetta/)
    assert.isFalse(mayCancel({ actor: substitute, prescriberId: TITOLARE, sentById: TITOLARE }).allowed)
    assert.isTrue(mayCancel({ actor: doctor(TITOLARE), prescriberId: TITOLARE, sentById: TITOLARE }).allowed)
  })
})
