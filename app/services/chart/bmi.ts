/*
| Body mass index from weight (kg) and height (cm), with the WHO adult classes.
*/
export type BmiClass = 'underweight' | 'normal' | 'overweight' | 'obese'

export function bmi(weightKg: number | null | undefined, heightCm: number | null | undefined): number | null {
  if (!weightKg || !heightCm || weightKg <= 0 || heightCm <= 0) return null
  const metres = heightCm / 100
  return Math.round((weightKg / (metres * metres)) * 10) / 10
}

export function bmiClass(value: number): BmiClass {
  if (value < 18.5) return 'underweight'
  if (value < 25) return 'normal'
  if (value < 30) return 'overweight'
  return 'obese'
}
