/*
| Per-prescription limits (spec §5.1, §5.3, §5.4) as data: a RuleSet per region, each rule with
| the reference it comes from and whether it was verified. Most limits are unverified and the
| SAC/SAR repeats the checks, so they warn unless a region's rule set makes them blocking.
*/
import type { ContentKind } from './kinds.js'
import { CONTENT_LABELS } from './kinds.js'
import { isPriorityClass } from './priority.js'

export type Severity = 'blocking' | 'warning'

export interface RuleMeta {
  /** Law, specification or document the rule comes from. */
  reference: string
  /** Checked against the official text or a real service answer. */
  verified: boolean
  severity: Severity
}

/**
 * A pack limit for drug prescriptions. The default entry has no condition; the others raise
 * the limit when their condition holds (all conditions given must hold).
 */
export interface PackLimit extends RuleMeta {
  id: string
  /** Italian, used in explanations: "esenti per patologia cronica". */
  label: string
  when: {
    /** The patient has an exemption for a chronic disease covering the therapy. */
    chronicExemption?: boolean
    /** Every drug of the prescription is of this category. */
    category?: string
  }
  /** Packs in total on one prescription. */
  maxPacks: number
  /** Different drugs on one prescription. */
  maxItems: number
  enabled: boolean
}

export interface RuleSet {
  id: string
  name: string
  /** `quantita`: one digit on the wire; 0 makes no sense on a prescription. */
  quantity: RuleMeta & { min: number; max: number }
  /** Drugs and services never on the same prescription. */
  oneContentKind: RuleMeta
  drugPacks: PackLimit[]
  services: RuleMeta & {
    /** Services of the same branca on one prescription. */
    maxPerBranca: number
    /** Services of different branche go on different prescriptions. */
    oneBrancaPerPrescription: boolean
  }
  /** Priority class mandatory when a service is in the national waiting-list plan. */
  priority: RuleMeta & { required: 'pngla_listed' | 'always' | 'never' }
  /** Diagnostic question (code or text) mandatory on specialist prescriptions. */
  diagnosis: RuleMeta & { required: boolean }
}

export const SINGLE_DOSE_INJECTABLE_ANTIBIOTIC = 'single_dose_injectable_antibiotic'

/** National defaults; a region plugin passes its own rule set. */
export const NATIONAL_RULES: RuleSet = {
  id: 'national',
  name: 'Regole nazionali',
  quantity: {
    min: 1,
    max: 9,
    reference: 'Spec §3.2: quantita, una cifra (XSD [0-9])',
    verified: true,
    severity: 'blocking',
  },
  oneContentKind: {
    reference: 'Spec §5.1; tipoPrescrizione unico per ricetta (XSD)',
    verified: true,
    severity: 'blocking',
  },
  drugPacks: [
    {
      id: 'default',
      label: 'regola generale',
      when: {},
      maxPacks: 2,
      maxItems: 2,
      enabled: true,
      reference: 'Spec §5.1; L. 425/1996 art. 9 (da verificare)',
      verified: false,
      severity: 'warning',
    },
    {
      id: 'chronic_exemption',
      label: 'esenti per patologia cronica',
      when: { chronicExemption: true },
      maxPacks: 3,
      maxItems: 3,
      enabled: true,
      reference: 'Spec §5.1; L. 388/2000 art. 85 (da verificare)',
      verified: false,
      severity: 'warning',
    },
    {
      // Needs the length of the therapy, which the prescription does not carry yet.
      id: 'chronic_exemption_180_days',
      label: 'esenti per patologia cronica, terapia fino a 180 giorni',
      when: { chronicExemption: true },
      maxPacks: 6,
      maxItems: 6,
      enabled: false,
      reference: 'Spec §5.1 (norma e regole regionali da verificare)',
      verified: false,
      severity: 'warning',
    },
    {
      id: SINGLE_DOSE_INJECTABLE_ANTIBIOTIC,
      label: 'antibiotici iniettabili monodose',
      when: { category: SINGLE_DOSE_INJECTABLE_ANTIBIOTIC },
      maxPacks: 6,
      maxItems: 6,
      enabled: true,
      reference: 'Spec §5.1; L. 425/1996 art. 9 (da verificare)',
      verified: false,
      severity: 'warning',
    },
  ],
  services: {
    // Physiotherapy cycles and some packages count differently: not modelled yet.
    maxPerBranca: 8,
    oneBrancaPerPrescription: true,
    reference: 'Spec §5.1 (da verificare)',
    verified: false,
    severity: 'warning',
  },
  priority: {
    required: 'pngla_listed',
    reference: 'Spec §5.3; PNGLA',
    verified: false,
    severity: 'blocking',
  },
  diagnosis: {
    required: true,
    reference: 'Spec §3.1, §5.4',
    verified: false,
    severity: 'blocking',
  },
}

export interface LimitItem {
  kind: ContentKind
  /** Packs (drug) or number of services. */
  quantity: number
  /** Drug category that may raise the pack limit (e.g. single-dose injectable antibiotics). */
  category?: string | null
  /** Specialist branca. */
  branca?: string | null
  /** Service in the PNGLA list: the prescription needs a priority class. */
  pnglaListed?: boolean
}

export interface LimitContext {
  rules?: RuleSet
  chronicExemption?: boolean
  priority?: string | null
  diagnosisCode?: string | null
  diagnosisText?: string | null
}

export type ProblemRule =
  | 'empty'
  | 'quantity'
  | 'one_content_kind'
  | 'drug_packs'
  | 'drug_items'
  | 'services'
  | 'branca'
  | 'priority'
  | 'diagnosis'

export interface Problem {
  /** Form field the message goes next to: `items.2.quantity`, `items`, `priority`, `diagnosisText`. */
  field: string
  message: string
  severity: Severity
  rule: ProblemRule
}

/** The highest enabled pack limit whose conditions hold for these drugs. */
export function packLimitFor(
  items: LimitItem[],
  context: Pick<LimitContext, 'chronicExemption'>,
  rules: RuleSet = NATIONAL_RULES
): PackLimit {
  let best: PackLimit | null = null
  for (const limit of rules.drugPacks) {
    if (!limit.enabled) continue
    if (limit.when.chronicExemption && !context.chronicExemption) continue
    if (limit.when.category && !(items.length > 0 && items.every((item) => item.category === limit.when.category))) continue
    if (!best || limit.maxPacks > best.maxPacks) best = limit
  }
  if (!best) throw new Error(`Rule set ${rules.id} has no enabled pack limit`)
  return best
}

export function quantityProblem(item: LimitItem, index: number, rules: RuleSet): Problem | null {
  const { min, max, severity } = rules.quantity
  if (Number.isInteger(item.quantity) && item.quantity >= min && item.quantity <= max) return null
  return {
    field: `items.${index}.quantity`,
    message: `La quantità deve essere un numero intero da ${min} a ${max}`,
    severity,
    rule: 'quantity',
  }
}

export function mixedKindProblem(kind: ContentKind, item: LimitItem, index: number, rules: RuleSet): Problem | null {
  if (item.kind === kind) return null
  return {
    field: `items.${index}`,
    message: `Farmaci e prestazioni non possono stare sulla stessa ricetta: questa ricetta è per ${CONTENT_LABELS[kind]}`,
    severity: rules.oneContentKind.severity,
    rule: 'one_content_kind',
  }
}

/** An item that breaks the limit on its own: no split can help, the quantity must change. */
export function itemAloneProblem(item: LimitItem, index: number, context: LimitContext, rules: RuleSet): Problem | null {
  if (item.kind === 'drug') {
    const limit = packLimitFor([item], context, rules)
    if (item.quantity <= limit.maxPacks) return null
    return {
      field: `items.${index}.quantity`,
      message: `Troppe confezioni: al massimo ${limit.maxPacks} per ricetta${limitNote(limit)}`,
      severity: limit.severity,
      rule: 'drug_packs',
    }
  }
  if (item.quantity <= rules.services.maxPerBranca) return null
  return {
    field: `items.${index}.quantity`,
    message: `Troppe prestazioni: al massimo ${rules.services.maxPerBranca} della stessa branca per ricetta`,
    severity: rules.services.severity,
    rule: 'services',
  }
}

/**
 * Everything wrong with the items of one prescription, next to the field concerned.
 * An empty list means the prescription may be validated.
 */
export function checkItems(kind: ContentKind, items: LimitItem[], context: LimitContext = {}): Problem[] {
  const rules = context.rules ?? NATIONAL_RULES
  const problems: Problem[] = []
  const sound: LimitItem[] = []

  if (items.length === 0) {
    problems.push({ field: 'items', message: 'La ricetta deve contenere almeno una voce', severity: 'blocking', rule: 'empty' })
  }
  items.forEach((item, index) => {
    const problem =
      mixedKindProblem(kind, item, index, rules) ??
      quantityProblem(item, index, rules) ??
      itemAloneProblem(item, index, context, rules)
    if (problem) problems.push(problem)
    else sound.push(item)
  })

  // Totals are judged on the items that are right on their own, so one error is not told twice.
  if (kind === 'drug') problems.push(...drugTotalProblems(sound, context, rules))
  else problems.push(...serviceTotalProblems(sound, rules), ...specialistHeaderProblems(items, context, rules))
  return problems
}

function drugTotalProblems(items: LimitItem[], context: LimitContext, rules: RuleSet): Problem[] {
  if (items.length === 0) return []
  const limit = packLimitFor(items, context, rules)
  const packs = totalQuantity(items)
  const problems: Problem[] = []
  if (packs > limit.maxPacks) {
    problems.push({
      field: 'items',
      message:
        `${packs} confezioni in tutto: al massimo ${limit.maxPacks} per ricetta${limitNote(limit)}, ` +
        'dividere in più ricette',
      severity: limit.severity,
      rule: 'drug_packs',
    })
  }
  if (items.length > limit.maxItems) {
    problems.push({
      field: 'items',
      message: `${items.length} farmaci: al massimo ${limit.maxItems} per ricetta${limitNote(limit)}, dividere in più ricette`,
      severity: limit.severity,
      rule: 'drug_items',
    })
  }
  return problems
}

function serviceTotalProblems(items: LimitItem[], rules: RuleSet): Problem[] {
  const { maxPerBranca, oneBrancaPerPrescription, severity } = rules.services
  const problems: Problem[] = []
  const byBranca = groupByBranca(items, (item) => item.branca)
  if (oneBrancaPerPrescription && [...byBranca.keys()].filter((branca) => branca !== '').length > 1) {
    problems.push({
      field: 'items',
      message: 'Prestazioni di branche specialistiche diverse: serve una ricetta per branca',
      severity,
      rule: 'branca',
    })
  }
  for (const [branca, group] of byBranca) {
    const count = totalQuantity(group)
    if (count <= maxPerBranca) continue
    problems.push({
      field: 'items',
      message:
        `${count} prestazioni${branca ? ` della branca ${branca}` : ''}: ` +
        `al massimo ${maxPerBranca} della stessa branca per ricetta, dividere in più ricette`,
      severity,
      rule: 'services',
    })
  }
  return problems
}

function specialistHeaderProblems(items: LimitItem[], context: LimitContext, rules: RuleSet): Problem[] {
  const problems: Problem[] = []
  const priority = context.priority?.trim() || null
  const priorityNeeded =
    rules.priority.required === 'always' || (rules.priority.required === 'pngla_listed' && items.some((item) => item.pnglaListed))
  if (priority && !isPriorityClass(priority)) {
    problems.push({
      field: 'priority',
      message: `Classe di priorità non valida: ${priority} (U, B, D o P)`,
      severity: 'blocking',
      rule: 'priority',
    })
  } else if (!priority && priorityNeeded) {
    problems.push({
      field: 'priority',
      message: 'Indicare la classe di priorità (U, B, D o P): una prestazione è soggetta ai tempi di attesa',
      severity: rules.priority.severity,
      rule: 'priority',
    })
  }
  if (rules.diagnosis.required && !context.diagnosisCode?.trim() && !context.diagnosisText?.trim()) {
    problems.push({
      field: 'diagnosisText',
      message: 'Il quesito diagnostico è obbligatorio (codice o descrizione)',
      severity: rules.diagnosis.severity,
      rule: 'diagnosis',
    })
  }
  return problems
}

export function totalQuantity(items: LimitItem[]): number {
  return items.reduce((sum, item) => sum + item.quantity, 0)
}

/** Items by branca in order of first appearance; '' for items without one. */
export function groupByBranca<T>(items: T[], brancaOf: (item: T) => string | null | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const key = brancaOf(item)?.trim() ?? ''
    groups.set(key, [...(groups.get(key) ?? []), item])
  }
  return groups
}

export function limitNote(limit: PackLimit): string {
  return limit.id === 'default' ? '' : ` (${limit.label})`
}

export function isBlocking(problems: Problem[]): boolean {
  return problems.some((problem) => problem.severity === 'blocking')
}
