/*
| The prescription form as posted (rows items[0][code]…, empty rows ignored) turned into the
| action's input. Values are only normalised here; the rules live in preparePrescription.
*/
import type { PrescriptionInput } from '../services/prepare_prescription.js'
import type { Delivery } from '../models/prescription.js'

const DELIVERIES: Delivery[] = ['print', 'no_print', 'sms', 'nre_email', 'email', 'email_clear', 'portal']
const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null)
const flag = (v: unknown) => v === 'on' || v === '1' || v === 'true' || v === true

export function parsePrescriptionForm(patientId: number, body: Record<string, any>): PrescriptionInput {
  const rows: any[] = Array.isArray(body.items) ? body.items : Object.values(body.items ?? {})
  const content = body.content === 'service' ? 'service' : 'drug'
  const priority = ['U', 'B', 'D', 'P'].includes(body.priority) ? body.priority : null
  return {
    patientId,
    content,
    family: body.family === 'white_electronic' || body.family === 'white_paper' ? body.family : 'ssn',
    items: rows
      .filter((row) => text(row?.code))
      .map((row) => ({
        code: text(row.code)!,
        quantity: Number.parseInt(String(row.quantity ?? '1'), 10) || 0,
        notSubstitutable: flag(row.not_substitutable),
        notSubstitutableReason: text(row.not_substitutable_reason),
        byActiveIngredient: flag(row.by_ingredient),
        posology: text(row.posology),
        continuative: flag(row.continuative),
        aifaNote: text(row.aifa_note),
        accessType: row.access_type === '0' ? '0' : content === 'service' ? '1' : null,
      })),
    exemptionCode: text(body.exemption_code),
    priority,
    diagnosisCode: text(body.diagnosis_code),
    diagnosisText: text(body.diagnosis_text),
    problemId: Number(body.problem_id) || null,
    delivery: DELIVERIES.includes(body.delivery) ? body.delivery : 'print',
    obscured: flag(body.obscured),
    visitType: body.visit_type === 'D' ? 'D' : 'A',
  }
}
