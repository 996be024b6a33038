import { test } from '@japa/runner'
import { NATIONAL_RULES, SINGLE_DOSE_INJECTABLE_ANTIBIOTIC, type LimitItem, type RuleSet } from '../../domain/limits.js'
import { splitIntoPrescriptions } from '../../domain/split_items.js'

type Item = LimitItem & { name: string }

const drug = (name: string, quantity: number, extra: Partial<Item> = {}): Item => ({ kind: 'drug', name, quantity, ...extra })
const service = (name: string, quantity: number, branca: string): Item => ({ kind: 'service', name, quantity, branca })
const names = (groups: { items: Item[] }[]) => groups.map((group) => group.items.map((item) => item.name))

test.group('splitting items into prescriptions', () => {
  test('two items of one pack stay on one prescription', ({ assert }) => {
    const result = splitIntoPrescriptions('drug', [drug('a', 1), drug('b', 1)])
    if (!result.ok) return assert.fail('expected a split')
    assert.deepEqual(names(result.groups), [['a', 'b']])
    assert.equal(result.explanation, '1 ricetta')
  })

  test('three items of one pack make two prescriptions, in order', ({ assert }) => {
    const result = splitIntoPrescriptions('drug', [drug('a', 1), drug('b', 1), drug('c', 1)])
    if (!result.ok) return assert.fail('expected a split')
    assert.deepEqual(names(result.groups), [['a', 'b'], ['c']])
    assert.deepEqual(result.groups.map((group) => group.indexes), [[0, 1], [2]])
    assert.equal(result.explanation, '2 ricette: massimo 2 confezioni per ricetta')
  })

  test('one item is never spread over two prescriptions', ({ assert }) => {
    const result = splitIntoPrescriptions('drug', [drug('a', 1), drug('b', 2), drug('c', 1), drug('d', 1)])
    if (!result.ok) return assert.fail('expected a split')
    assert.deepEqual(names(result.groups), [['a'], ['b'], ['c', 'd']])
    assert.equal(result.explanation, '3 ricette: massimo 2 confezioni per ricetta')
  })

  test('an item that alone exceeds the limit is an error next to its quantity', ({ assert }) => {
    const result = splitIntoPrescriptions('drug', [drug('a', 1), drug('b', 3)])
    assert.isFalse(result.ok)
    if (result.ok) return
    assert.lengthOf(result.problems, 1)
    assert.equal(result.problems[0].field, 'items.1.quantity')
    assert.match(result.problems[0].message, /al massimo 2 per ricetta/)
  })

  test('drugs and services mixed are an error', ({ assert }) => {
    const result = splitIntoPrescriptions('drug', [drug('a', 1), service('ecg', 1, '08')])
    assert.isFalse(result.ok)
    if (!result.ok) assert.equal(result.problems[0].rule, 'one_content_kind')
  })

  test('a chronic exemption raises the limit used for splitting', ({ assert }) => {
    const items = [drug('a', 1), drug('b', 1), drug('c', 1), drug('d', 2)]
    const result = splitIntoPrescriptions('drug', items, NATIONAL_RULES, { chronicExemption: true })
    if (!result.ok) return assert.fail('expected a split')
    assert.deepEqual(names(result.groups), [['a', 'b', 'c'], ['d']])
    assert.equal(result.explanation, '2 ricette: massimo 3 confezioni per ricetta (esenti per patologia cronica)')
  })

  test('antibiotics share a prescription of 6 packs, an ordinary drug brings the limit back to 2', ({ assert }) => {
    const antibiotic = (name: string, quantity: number) => drug(name, quantity, { category: SINGLE_DOSE_INJECTABLE_ANTIBIOTIC })
    const result = splitIntoPrescriptions('drug', [antibiotic('a', 3), antibiotic('b', 3), drug('c', 1)])
    if (!result.ok) return assert.fail('expected a split')
    assert.deepEqual(names(result.groups), [['a', 'b'], ['c']])
  })

  test('a rule set with a limit on different drugs splits by count', ({ assert }) => {
    const region: RuleSet = {
      ...NATIONAL_RULES,
      drugPacks: NATIONAL_RULES.drugPacks.map((limit) => (limit.id === 'default' ? { ...limit, maxPacks: 4, maxItems: 2 } : limit)),
    }
    const result = splitIntoPrescriptions('drug', [drug('a', 1), drug('b', 1), drug('c', 1)], region)
    if (!result.ok) return assert.fail('expected a split')
    assert.deepEqual(names(result.groups), [['a', 'b'], ['c']])
    assert.equal(result.explanation, '2 ricette: massimo 2 farmaci per ricetta')
  })

  test('services: one prescription per branca, at most 8 of a branca', ({ assert }) => {
    const items = [service('ecg', 1, '08'), service('rx', 1, '69'), service('eco', 4, '08'), service('holter', 4, '08')]
    const result = splitIntoPrescriptions('service', items)
    if (!result.ok) return assert.fail('expected a split')
    assert.deepEqual(names(result.groups), [['ecg', 'eco'], ['holter'], ['rx']])
    assert.equal(result.explanation, '3 ricette: una branca specialistica per ricetta; massimo 8 prestazioni della stessa branca per ricetta')
  })

  test('services within the limits stay together', ({ assert }) => {
    const result = splitIntoPrescriptions('service', [service('a', 4, '08'), service('b', 4, '08')])
    if (!result.ok) return assert.fail('expected a split')
    assert.lengthOf(result.groups, 1)
  })

  test('nothing to split', ({ assert }) => {
    const result = splitIntoPrescriptions('drug', [])
    assert.isTrue(result.ok)
    if (result.ok) assert.deepEqual(result.groups, [])
  })
})
