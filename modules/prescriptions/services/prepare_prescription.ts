/*
| Prescribing: checks the items against the drug list or the regional catalogue and the
| per-prescription limits, splits them automatically into as many prescriptions as the limits
| require, and stores them. A doctor's prescriptions are validated at once (and sent); staff
| prepare only: theirs wait in the doctor's Gestione Studio queue.
*/
import { randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import Patient from '#models/patient'
import { studioRegion } from '#config/modules'
import { findDrug } from '#services/refdata/search_drugs'
import { findCatalogueItem } from '#services/refdata/search_catalogue'
import { recordAudit } from '#services/audit_log'
import { aicProblem } from '../domain/aic.js'
import { checkItems, type LimitItem, type Problem } from '../domain/limits.js'
import { splitIntoPrescriptions } from '../domain/split_items.js'
import type { ContentKind } from '../domain/kinds.js'
import { formatCompiledAt } from '../domain/compiled_at.js'
import { permission, prescriberFor } from './prescriber.js'
import { emailInClearAllowed } from './studio_options.js'
import { announce } from './send_prescription.js'
import type { Delivery } from '../models/prescription.js'

export interface ItemInput {
  code: string
  quantity: number
  notSubstitutable?: boolean
  notSubstitutableReason?: string | null
  /** Prescribe by active ingredient (equivalence group) rather than by brand. */
  byActiveIngredient?: boolean
  posology?: string | null
  continuative?: boolean
  aifaNote?: string | null
  accessType?: '0' | '1' | null
}

/** SSN dematerialised (default), white electronic (Fascia C, NRBE + PIN), white on paper (private). */
export type PrescriptionFamily = 'ssn' | 'white_electronic' | 'white_paper'

export interface PrescriptionInput {
  patientId: number
  content: ContentKind
  family?: PrescriptionFamily
  items: ItemInput[]
  exemptionCode?: string | null
  priority?: 'U' | 'B' | 'D' | 'P' | null
  diagnosisCode?: string | null
  diagnosisText?: string | null
  problemId?: number | null
  delivery?: Delivery
  obscured?: boolean
  visitType?: 'A' | 'D'
}

export type PrepareResult =
  | { ok: true; ids: number[]; groupKey: string; explanation: string; state: 'AWAITING_VALIDATION' | 'VALIDATED' }
  | { ok: false; errors: Record<string, string> }

interface ResolvedItem extends LimitItem {
  input: ItemInput
  code: string
  description: string
  equivalenceGroup: string | null
  equivalenceDescription: string | null
  priceCents: number | null
  drugClass: string | null
  catalogueCode: string | null
  requiresQuestion: boolean
}

const now = () => DateTime.utc().toSQL({ includeOffset: false })

function toErrors(problems: Problem[], includeWarnings = false): Record<string, string> {
  const errors: Record<string, string> = {}
  for (const p of problems) if ((includeWarnings || p.severity === 'blocking') && !errors[p.field]) errors[p.field] = p.message
  return errors
}

async function resolveItems(input: PrescriptionInput, errors: Record<string, string>): Promise<ResolvedItem[]> {
  const resolved: ResolvedItem[] = []
  for (const [index, item] of input.items.entries()) {
    const field = `items.${index}.code`
    const code = item.code.trim().toUpperCase()
    if (input.content === 'drug') {
      const aic = code.replace(/^A/, '').padStart(9, '0')
      const problem = aicProblem(aic)
      if (problem) {
        errors[field] = problem
        continue
      }
      const drug = await findDrug(aic)
      if (!drug || drug.retiredOn) {
        errors[field] = `Il farmaco con AIC ${aic} non è nel prontuario in vigore.`
        continue
      }
      if (item.notSubstitutable && !item.notSubstitutableReason?.trim()) {
        errors[`items.${index}.notSubstitutableReason`] = 'Indichi il motivo della non sostituibilità.'
      }
      const byGroup = Boolean(item.byActiveIngredient && drug.equivalenceGroup)
      const group = byGroup ? await db.from('drugs').where('aic', aic).select('equivalence_description').first() : null
      resolved.push({
        kind: 'drug',
        quantity: item.quantity,
        input: item,
        code: aic,
        description: drug.label,
        equivalenceGroup: byGroup ? drug.equivalenceGroup : null,
        equivalenceDescription: byGroup ? (group?.equivalence_description ?? drug.activeIngredients ?? drug.label) : null,
        priceCents: drug.publicPriceCents,
        drugClass: drug.drugClass,
        catalogueCode: null,
        requiresQuestion: false,
      })
    } else {
      const service = await findCatalogueItem(studioRegion(), code)
      if (!service || service.retiredOn) {
        errors[field] = `La prestazione ${code} non è nel catalogo regionale in vigore.`
        continue
      }
      resolved.push({
        kind: 'service',
        quantity: item.quantity,
        branca: service.brancaCodes?.split(/[,;\s]+/)[0] ?? null,
        pnglaListed: service.requiresQuestion,
        input: item,
        code: service.nationalCode,
        description: service.description,
        equivalenceGroup: null,
        equivalenceDescription: null,
        priceCents: service.tariffCents,
        drugClass: null,
        catalogueCode: service.regionalCode,
        requiresQuestion: service.requiresQuestion,
      })
    }
  }
  return resolved
}

export async function preparePrescription(user: User, input: PrescriptionInput): Promise<PrepareResult> {
  const patient = await Patient.find(input.patientId)
  if (!patient) return { ok: false, errors: { patientId: 'Paziente non trovato.' } }
  const prescriberId = prescriberFor(user, patient.doctorId)
  if (!prescriberId) return { ok: false, errors: { patientId: 'Il paziente non ha un medico titolare: lo indichi nell\'anagrafica.' } }
  const may = await permission(user, 'prepare', prescriberId)
  if (!may.allowed) return { ok: false, errors: { items: may.reason } }

  const errors: Record<string, string> = {}
  if (input.delivery === 'email_clear' && !(await emailInClearAllowed())) {
    errors.delivery = "Lo studio non ha abilitato l'invio del promemoria in chiaro: scelga l'e-mail con zip protetto."
  }
  if (input.items.length === 0) errors.items = 'Aggiunga almeno un farmaco o una prestazione.'
  const items = await resolveItems(input, errors)
  if (input.content === 'service') {
    if (!input.diagnosisCode?.trim() && !input.diagnosisText?.trim()) errors.diagnosisText = 'Per le prestazioni specialistiche il quesito diagnostico è obbligatorio.'
    if (!input.priority && items.some((i) => i.requiresQuestion)) errors.priority = 'Indichi la classe di priorità (U, B, D o P).'
  }
  const context = { chronicExemption: Boolean(input.exemptionCode), priority: input.priority, diagnosisCode: input.diagnosisCode, diagnosisText: input.diagnosisText }
  Object.assign(errors, { ...toErrors(checkItems(input.content, items, context).filter((p) => p.rule !== 'drug_packs' && p.rule !== 'drug_items' && p.rule !== 'services' && p.rule !== 'branca')), ...errors })
  if (Object.keys(errors).length) return { ok: false, errors }

  const family = input.family ?? 'ssn'
  if (family === 'white_electronic' && input.content !== 'drug') return { ok: false, errors: { family: 'La ricetta bianca elettronica è solo per i farmaci.' } }
  // The SSN limits and the split apply to SSN prescriptions; a white one carries what the doctor writes.
  const split =
    family === 'ssn'
      ? splitIntoPrescriptions(input.content, items, undefined, { chronicExemption: Boolean(input.exemptionCode) })
      : ({ ok: true, groups: [{ items, indexes: items.map((_, i) => i) }], explanation: '' } as const)
  // An item that alone breaks a limit cannot be split: it must be corrected at the desk.
  if (!split.ok) return { ok: false, errors: toErrors(split.problems, true) }
  const kind = family === 'white_electronic' ? 'BIANCA_ELETTRONICA' : family === 'white_paper' ? 'BIANCA' : input.content === 'drug' ? 'DEM_FARMACEUTICA' : 'DEM_SPECIALISTICA'
  const exemptionCode = family === 'ssn' ? input.exemptionCode : null

  const isDoctor = user.role === 'titolare' || user.role === 'sostituto'
  const validate = isDoctor && (await permission(user, 'validate', prescriberId)).allowed
  const state = validate ? 'VALIDATED' : 'AWAITING_VALIDATION'
  const groupKey = randomUUID()
  const ids: number[] = []
  await db.transaction(async (trx) => {
    for (const [index, group] of split.groups.entries()) {
      const [id] = await trx.table('prescriptions').insert({
        kind,
        state,
        patient_id: patient.id,
        prescriber_id: prescriberId,
        substitute_id: validate && user.id !== prescriberId && user.role === 'sostituto' ? user.id : null,
        prepared_by_user_id: user.id,
        validated_by_user_id: validate ? user.id : null,
        validated_at: validate ? now() : null,
        compiled_at: validate ? formatCompiledAt(DateTime.now()) : null,
        group_key: groupKey,
        group_index: index + 1,
        group_size: split.groups.length,
        obscured: Boolean(input.obscured),
        exemption_code: exemptionCode?.trim().toUpperCase() || null,
        not_exempt: !exemptionCode,
        diagnosis_code: input.diagnosisCode?.trim() || null,
        diagnosis_text: input.diagnosisText?.trim() || null,
        priority: input.content === 'service' ? (input.priority ?? null) : null,
        visit_type: input.visitType ?? 'A',
        problem_id: input.problemId ?? null,
        delivery: input.delivery ?? 'print',
        attempts: 0,
        created_at: now(),
        updated_at: now(),
      })
      const prescriptionId = Number(id)
      ids.push(prescriptionId)
      for (const [position, item] of group.items.entries()) {
        await trx.table('prescription_items').insert({
          prescription_id: prescriptionId,
          position: position + 1,
          code: item.code,
          description: item.description.slice(0, 300),
          equivalence_group: item.equivalenceGroup,
          equivalence_description: item.equivalenceDescription?.slice(0, 300) ?? null,
          quantity: item.quantity,
          not_substitutable: Boolean(item.input.notSubstitutable),
          not_substitutable_reason: item.input.notSubstitutableReason?.trim() || null,
          aifa_note: item.input.aifaNote?.trim() || null,
          catalogue_code: item.catalogueCode,
          access_type: item.kind === 'service' ? (item.input.accessType ?? '1') : null,
          posology: item.input.posology?.trim() || null,
          continuative: Boolean(item.input.continuative),
          price_cents: item.priceCents,
          drug_class: item.drugClass,
        })
      }
      await trx.table('prescription_events').insert({
        prescription_id: prescriptionId,
        event: validate ? 'approve' : 'submit',
        from_state: 'DRAFT',
        to_state: state,
        user_id: user.id,
        occurred_at: now(),
      })
    }
  })
  for (const id of ids) {
    await recordAudit({ user }, { action: 'create', entity: 'prescription', entityId: id, patientId: patient.id, details: { state } })
    // The doctor's waiting banner and the open Gestione Studio lists refresh themselves.
    announce({ id, prescriberId, preparedByUserId: user.id })
  }
  return { ok: true, ids, groupKey, explanation: split.explanation, state }
}
