/*
| Priority classes of a specialist prescription (`classePriorita`, spec §5.3, PNGLA).
| One class applies to all the services of the prescription.
*/

export const PRIORITY_CLASSES = ['U', 'B', 'D', 'P'] as const

export type PriorityClass = (typeof PRIORITY_CLASSES)[number]

export interface PriorityInfo {
  label: string
  /** When the service is due, as told to the patient. */
  within: string
  verified: boolean
}

export const PRIORITY_TABLE: Record<PriorityClass, PriorityInfo> = {
  U: { label: 'Urgente', within: 'entro 72 ore', verified: false },
  B: { label: 'Breve', within: 'entro 10 giorni', verified: false },
  D: { label: 'Differibile', within: 'entro 30 giorni (visite) o 60 giorni (accertamenti strumentali)', verified: false },
  // The printed wording changed in 2016; 120 days is the current plan, unverified.
  P: { label: 'Programmata', within: 'entro 120 giorni', verified: false },
}

export function isPriorityClass(value: unknown): value is PriorityClass {
  return typeof value === 'string' && (PRIORITY_CLASSES as readonly string[]).includes(value)
}

/** "B - Breve (entro 10 giorni)", for selects and the detail page. */
export function priorityLabel(value: PriorityClass): string {
  const info = PRIORITY_TABLE[value]
  return `${value} - ${info.label} (${info.within})`
}
