import { test } from '@japa/runner'
import {
  checkItems,
  isBlocking,
  NATIONAL_RULES,
  packLimitFor,
  SINGLE_DOSE_INJECTABLE_ANTIBIOTIC,
  type LimitItem,
  type RuleSet,
} from '../../domain/limits.js'

const drug = (quantity: number, extra: Partial<LimitItem> = {}): LimitItem => ({ kind: 'drug', quantity, ...extra })
const service = (quantity: number, branca = '08', extra: Partial<LimitItem> = {}): LimitItem => ({
  kind: 'service',
  quantity,
  branca,
  ...extra,
})
const SPECIALIST = { diagnosisText: 'Dolore toracico da sforzo' }

/** The national rules with every limit blocking, as a strict region would have them. */
const STRICT: RuleSet = {
  ...NATIONAL_RULES,
  id: 'strict',
  drugPacks: NATIONAL_RULES.drugPacks.map((limit) => ({ ...limit, severity: 'blocking' as const })),
}

test.group('limits: rules are data with their source', () => {
  test('every rule says where it comes from and whether it was verified', ({ assert }) => {
    const rules = [
      NATIONAL_RULES.quantity,
      NATIONAL_RULES.oneContentKind,
      NATIONAL_RULES.services,
      NATIONAL_RULES.priority,
      NATIONAL_RULES.diagnosis,
      ...NATIONAL_RULES.drugPacks,
    ]
    for (const rule of rules) {
      assert.isString(rule.reference)
      assert.isNotEmpty(rule.reference)
      assert.isBoolean(rule.verified)
    }
  })

  test('national defaults: 2 packs, 3 for chronic exemption, 6 for single-dose injectable antibiotics, 8 services a branca', ({ assert }) => {
    assert.equal(packLimitFor([drug(1)], {}).maxPacks, 2)
    assert.equal(packLimitFor([drug(1)], { chronicExemption: true }).maxPacks, 3)
    assert.equal(packLimitFor([drug(1, { category: SINGLE_DOSE_INJECTABLE_ANTIBIOTIC })], {}).maxPacks, 6)
    assert.equal(NATIONAL_RULES.services.maxPerBranca, 8)
  })

  test('the antibiotic limit applies only when every drug of the prescription is one', ({ assert }) => {
    const items = [drug(1, { category: SINGLE_DOSE_INJECTABLE_ANTIBIOTIC }), drug(1)]
    assert.equal(packLimitFor(items, {}).maxPacks, 2)
  })
})

test.group('limits: drug prescriptions', () => {
  test('two items of one pack are fine', ({ assert }) => {
    assert.deepEqual(checkItems('drug', [drug(1), drug(1)]), [])
  })

  test('one item of two packs is fine', ({ assert }) => {
    assert.deepEqual(checkItems('drug', [drug(2)]), [])
  })

  test('three items of one pack: too many packs on the prescription', ({ assert }) => {
    const problems = checkItems('drug', [drug(1), drug(1), drug(1)])
    assert.sameMembers(
      problems.map((p) => p.rule),
      ['drug_packs', 'drug_items']
    )
    const packs = problems.find((p) => p.rule === 'drug_packs')!
    assert.equal(packs.field, 'items')
    assert.equal(packs.message, '3 confezioni in tutto: al massimo 2 per ricetta, dividere in più ricette')
  })

  test('an item with 3 packs under a 2-pack limit is an error next to its quantity', ({ assert }) => {
    const problems = checkItems('drug', [drug(1), drug(3)])
    assert.lengthOf(problems, 1)
    assert.equal(problems[0].field, 'items.1.quantity')
    assert.equal(problems[0].message, 'Troppe confezioni: al massimo 2 per ricetta')
    // Spec §5.1: unverified limits warn unless the region's rules block.
    assert.equal(problems[0].severity, 'warning')
    assert.equal(checkItems('drug', [drug(3)], { rules: STRICT })[0].severity, 'blocking')
  })

  test('the quantity is one digit from 1 to 9', ({ assert }) => {
    for (const quantity of [0, 10, 1.5, -1, Number.NaN]) {
      const problems = checkItems('drug', [drug(quantity)])
      assert.lengthOf(problems, 1, String(quantity))
      assert.include(problems[0], { field: 'items.0.quantity', severity: 'blocking', rule: 'quantity' })
      assert.equal(problems[0].message, 'La quantità deve essere un numero intero da 1 a 9')
    }
  })

  test('drugs and services mixed on one prescription are refused', ({ assert }) => {
    const problems = checkItems('drug', [drug(1), service(1)])
    assert.lengthOf(problems, 1)
    assert.include(problems[0], { field: 'items.1', severity: 'blocking', rule: 'one_content_kind' })
    assert.match(problems[0].message, /Farmaci e prestazioni non possono stare sulla stessa ricetta/)
    assert.isTrue(isBlocking(problems))
  })

  test('a chronic exemption raises the limit when the rule says so', ({ assert }) => {
    const items = [drug(1), drug(2)]
    assert.isNotEmpty(checkItems('drug', items))
    assert.deepEqual(checkItems('drug', items, { chronicExemption: true }), [])
    assert.deepEqual(checkItems('drug', [drug(3)], { chronicExemption: true }), [])

    const problems = checkItems('drug', [drug(4)], { chronicExemption: true })
    assert.equal(problems[0].message, 'Troppe confezioni: al massimo 3 per ricetta (esenti per patologia cronica)')

    const withoutChronicRule: RuleSet = {
      ...NATIONAL_RULES,
      drugPacks: NATIONAL_RULES.drugPacks.map((limit) => (limit.when.chronicExemption ? { ...limit, enabled: false } : limit)),
    }
    assert.isNotEmpty(checkItems('drug', items, { chronicExemption: true, rules: withoutChronicRule }))
  })

  test('a region enabling the 180-day therapy rule allows 6 packs to chronic patients', ({ assert }) => {
    const region: RuleSet = {
      ...NATIONAL_RULES,
      drugPacks: NATIONAL_RULES.drugPacks.map((limit) => (limit.id === 'chronic_exemption_180_days' ? { ...limit, enabled: true } : limit)),
    }
    assert.deepEqual(checkItems('drug', [drug(3), drug(3)], { chronicExemption: true, rules: region }), [])
  })

  test('single-dose injectable antibiotics allow up to 6 packs', ({ assert }) => {
    const antibiotic = drug(6, { category: SINGLE_DOSE_INJECTABLE_ANTIBIOTIC })
    assert.deepEqual(checkItems('drug', [antibiotic]), [])
    assert.isNotEmpty(checkItems('drug', [{ ...antibiotic, quantity: 7 }]))
  })

  test('an empty prescription is refused', ({ assert }) => {
    assert.include(checkItems('drug', [])[0], { field: 'items', severity: 'blocking' })
  })
})

test.group('limits: specialist prescriptions', () => {
  test('up to 8 services of the same branca are fine', ({ assert }) => {
    assert.deepEqual(checkItems('service', [service(4), service(4)], SPECIALIST), [])
  })

  test('more than 8 services of the same branca are too many', ({ assert }) => {
    const problems = checkItems('service', [service(5), service(4)], SPECIALIST)
    assert.lengthOf(problems, 1)
    assert.equal(problems[0].field, 'items')
    assert.match(problems[0].message, /9 prestazioni della branca 08: al massimo 8/)
    assert.equal(checkItems('service', [service(9)], SPECIALIST)[0].field, 'items.0.quantity')
  })

  test('services of different branche go on different prescriptions', ({ assert }) => {
    const problems = checkItems('service', [service(1, '08'), service(1, '11')], SPECIALIST)
    assert.equal(problems[0].rule, 'branca')
    const mixing: RuleSet = { ...NATIONAL_RULES, services: { ...NATIONAL_RULES.services, oneBrancaPerPrescription: false } }
    assert.deepEqual(checkItems('service', [service(1, '08'), service(1, '11')], { ...SPECIALIST, rules: mixing }), [])
  })

  test('a drug on a specialist prescription is refused', ({ assert }) => {
    const problems = checkItems('service', [service(1), drug(1)], SPECIALIST)
    assert.include(problems[0], { field: 'items.1', rule: 'one_content_kind' })
    assert.match(problems[0].message, /questa ricetta è per prestazioni/)
  })

  test('the diagnostic question is mandatory, as code or text', ({ assert }) => {
    const problems = checkItems('service', [service(1)])
    assert.lengthOf(problems, 1)
    assert.include(problems[0], { field: 'diagnosisText', severity: 'blocking', rule: 'diagnosis' })
    assert.deepEqual(checkItems('service', [service(1)], { diagnosisCode: '786.50' }), [])
    assert.isNotEmpty(checkItems('service', [service(1)], { diagnosisText: '   ' }))
  })

  test('the priority class is mandatory when a service is in the waiting-list plan', ({ assert }) => {
    const listed = service(1, '08', { pnglaListed: true })
    const problems = checkItems('service', [service(1), listed], SPECIALIST)
    assert.lengthOf(problems, 1)
    assert.include(problems[0], { field: 'priority', severity: 'blocking', rule: 'priority' })
    assert.deepEqual(checkItems('service', [listed], { ...SPECIALIST, priority: 'B' }), [])
    assert.deepEqual(checkItems('service', [service(1)], SPECIALIST), [])
  })

  test('a priority class outside U, B, D, P is refused', ({ assert }) => {
    const problems = checkItems('service', [service(1)], { ...SPECIALIST, priority: 'X' })
    assert.include(problems[0], { field: 'priority', severity: 'blocking' })
    assert.match(problems[0].message, /U, B, D o P/)
  })

  test('drug prescriptions need neither diagnosis nor priority', ({ assert }) => {
    assert.deepEqual(checkItems('drug', [drug(1)]), [])
  })
})
