/*
| Measurement kinds the studio knows, with their unit and the plausible range that catches
| typing mistakes (a temperature of 375 meant 37.5). Other kinds are free, without a range.
| BMI is not entered: it is computed from weight and height (bmi.ts).
*/
import { translate as t } from '#services/i18n'

export interface MeasurementKind {
  unit: string
  min: number
  max: number
  /** Kinds measured as two numbers (pressure: systolic / diastolic). */
  second?: { min: number; max: number }
}

export const MEASUREMENT_KINDS: Record<string, MeasurementKind> = {
  pressione: { unit: 'mmHg', min: 40, max: 300, second: { min: 20, max: 200 } },
  peso: { unit: 'kg', min: 0.3, max: 400 },
  altezza: { unit: 'cm', min: 20, max: 250 },
  spo2: { unit: '%', min: 50, max: 100 },
  temperatura: { unit: '°C', min: 30, max: 45 },
  glicemia: { unit: 'mg/dl', min: 10, max: 1000 },
  frequenza: { unit: 'bpm', min: 20, max: 250 },
}

/** The kind chosen in the form when the measurement is none of the known ones. */
export const OTHER_KIND = 'altro'

/** Kinds that are computed, never typed in. */
export const COMPUTED_KINDS = ['bmi', 'imc']

export function isKnownKind(kind: string) {
  return Object.hasOwn(MEASUREMENT_KINDS, kind)
}

/** How a kind is named on screen: the studio's label, or the free name as typed. */
export function kindLabel(kind: string) {
  return isKnownKind(kind) || COMPUTED_KINDS.includes(kind) ? t(`chart.kinds.${kind}`) : kind
}
