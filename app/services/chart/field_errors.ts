/*
| Validation of chart forms: VineJS for the shape, then the section's own checks; both give
| field → message maps the views show next to the fields.
*/
import { errors as vineErrors } from '@vinejs/vine'
import type { VineValidator } from '@vinejs/vine'
import { chartMessages } from '#validators/chart/common'

export type FieldErrors = Record<string, string>

export type Checked<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors }

export async function validateInput<T>(validator: VineValidator<any, any>, raw: unknown): Promise<Checked<T>> {
  try {
    return { ok: true, data: (await validator.validate(raw, { messagesProvider: chartMessages() })) as T }
  } catch (error) {
    if (!(error instanceof vineErrors.E_VALIDATION_ERROR)) throw error
    const errors: FieldErrors = {}
    for (const m of error.messages as { field: string; message: string }[]) errors[m.field] ??= m.message
    return { ok: false, errors }
  }
}

export function hasErrors(errors: FieldErrors) {
  return Object.keys(errors).length > 0
}
