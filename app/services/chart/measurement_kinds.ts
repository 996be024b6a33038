/*
| Measurement kinds the studio knows, with their unit and the plausible range that catches
| typing mistakes (a temperature of 375 meant 37.5). Other kinds are free, without a range.
*/
export interface MeasurementKind {
  label: string
  unit: string
  min: number
  max: number
  second?: { label: string; min: number; max: number }
}

export const MEASUREMENT_KINDS: Record<string, MeasurementKind> = {
  pressione: { label: 'Pressione arteriosa', unit: 'mmHg', min: 40, max: 300, second: { label: 'minima', min: 20, max: 200 } },
  peso: { label: 'Peso', unit: 'kg', min: 0.3, max: 400 },
  altezza: { label: 'Altezza', unit: 'cm', min: 20, max: 250 },
  spo2: { label: 'Saturazione (SpO2)', unit: '%', min: 50, max: 100 },
  temperatura: { label: 'Temperatura', unit: '°C', min: 30, max: 45 },
  glicemia: { label: 'Glicemia', unit: 'mg/dl', min: 10, max: 1000 },
  frequenza: { label: 'Frequenza cardiaca', unit: 'bpm', min: 20, max: 250 },
}

export function kindLabel(kind: string) {
  return MEASUREMENT_KINDS[kind]?.label ?? kind
}
