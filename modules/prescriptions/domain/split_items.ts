/*
| Splitting a list of items that breaks the per-prescription limits into several prescriptions
| (spec §5.1). Greedy and in order: each item goes on the current prescription if it still
| fits, otherwise on a new one; one item's packs are never spread over two prescriptions.
*/
import type { ContentKind } from './kinds.js'
import {
  groupByBranca,
  itemAloneProblem,
  limitNote,
  mixedKindProblem,
  NATIONAL_RULES,
  packLimitFor,
  quantityProblem,
  totalQuantity,
  type LimitContext,
  type LimitItem,
  type Problem,
  type RuleSet,
} from './limits.js'

export interface PrescriptionGroup<T> {
  items: T[]
  /** Positions of the items in the list given. */
  indexes: number[]
}

export type SplitResult<T> =
  | { ok: true; groups: PrescriptionGroup<T>[]; explanation: string }
  | { ok: false; problems: Problem[] }

type Indexed<T> = { item: T; index: number }

export function splitIntoPrescriptions<T extends LimitItem>(
  kind: ContentKind,
  items: T[],
  rules: RuleSet = NATIONAL_RULES,
  context: Pick<LimitContext, 'chronicExemption'> = {}
): SplitResult<T> {
  const problems: Problem[] = []
  items.forEach((item, index) => {
    const problem =
      mixedKindProblem(kind, item, index, rules) ??
      quantityProblem(item, index, rules) ??
      itemAloneProblem(item, index, context, rules)
    if (problem) problems.push(problem)
  })
  if (problems.length) return { ok: false, problems }
  if (items.length === 0) return { ok: true, groups: [], explanation: 'Nessuna voce da prescrivere' }

  const indexed = items.map((item, index) => ({ item, index }))
  const reasons = new Set<string>()
  const groups =
    kind === 'drug' ? splitDrugs(indexed, rules, context, reasons) : splitServices(indexed, rules, reasons)
  return {
    ok: true,
    groups: groups.map((group) => ({ items: group.map((entry) => entry.item), indexes: group.map((entry) => entry.index) })),
    explanation: explain(groups.length, reasons),
  }
}

function splitDrugs<T extends LimitItem>(
  items: Indexed<T>[],
  rules: RuleSet,
  context: Pick<LimitContext, 'chronicExemption'>,
  reasons: Set<string>
): Indexed<T>[][] {
  const groups: Indexed<T>[][] = []
  let current: Indexed<T>[] = []
  for (const entry of items) {
    const candidate = [...current, entry].map((e) => e.item)
    // The limit depends on the whole group: one ordinary drug takes antibiotics back to 2 packs.
    const limit = packLimitFor(candidate, context, rules)
    const overPacks = totalQuantity(candidate) > limit.maxPacks
    const overItems = candidate.length > limit.maxItems
    if (current.length > 0 && (overPacks || overItems)) {
      reasons.add(
        overPacks
          ? `massimo ${limit.maxPacks} confezioni per ricetta${limitNote(limit)}`
          : `massimo ${limit.maxItems} farmaci per ricetta${limitNote(limit)}`
      )
      groups.push(current)
      current = []
    }
    current.push(entry)
  }
  if (current.length) groups.push(current)
  return groups
}

function splitServices<T extends LimitItem>(items: Indexed<T>[], rules: RuleSet, reasons: Set<string>): Indexed<T>[][] {
  const { maxPerBranca, oneBrancaPerPrescription } = rules.services
  const byBranca = oneBrancaPerPrescription ? [...groupByBranca(items, (entry) => entry.item.branca).values()] : [items]
  if (byBranca.length > 1) reasons.add('una branca specialistica per ricetta')

  const groups: Indexed<T>[][] = []
  for (const branca of byBranca) {
    let current: Indexed<T>[] = []
    for (const entry of branca) {
      const candidate = [...current, entry].map((e) => e.item)
      if (current.length > 0 && overBranca(candidate, maxPerBranca)) {
        reasons.add(`massimo ${maxPerBranca} prestazioni della stessa branca per ricetta`)
        groups.push(current)
        current = []
      }
      current.push(entry)
    }
    if (current.length) groups.push(current)
  }
  return groups
}

/** Without the one-branca rule a prescription may mix branche, still at most N of each. */
function overBranca(items: LimitItem[], maxPerBranca: number) {
  return [...groupByBranca(items, (item) => item.branca).values()].some((group) => totalQuantity(group) > maxPerBranca)
}

function explain(count: number, reasons: Set<string>) {
  if (count === 1) return '1 ricetta'
  return `${count} ricette: ${[...reasons].join('; ')}`
}
