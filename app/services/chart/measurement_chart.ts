/*
| A small SVG line chart per measurement kind, computed on the server: doctors look at
| trends, not at tables. Returns coordinates the Edge partial draws.
*/
import type Measurement from '#models/measurement'
import { kindLabel, MEASUREMENT_KINDS } from '#services/chart/measurement_kinds'

export interface ChartSeries {
  kind: string
  label: string
  unit: string
  width: number
  height: number
  lines: string[]
  dots: { x: number; y: number; title: string }[]
  yTicks: { y: number; label: string }[]
  xLabels: { x: number; label: string }[]
}

const W = 560
const H = 180
const PAD = { left: 44, right: 12, top: 12, bottom: 26 }

export function measurementCharts(measurements: Measurement[]): ChartSeries[] {
  const byKind = new Map<string, Measurement[]>()
  for (const m of measurements) byKind.set(m.kind, [...(byKind.get(m.kind) ?? []), m])
  const charts: ChartSeries[] = []
  for (const [kind, list] of byKind) {
    const points = [...list].sort((a, b) => a.measuredAt.toMillis() - b.measuredAt.toMillis())
    if (points.length < 2) continue
    const values = points.flatMap((p) => (p.value2 === null ? [p.value] : [p.value, p.value2]))
    let min = Math.min(...values)
    let max = Math.max(...values)
    if (min === max) {
      min -= 1
      max += 1
    }
    const t0 = points[0].measuredAt.toMillis()
    const t1 = points[points.length - 1].measuredAt.toMillis()
    const x = (t: number) => PAD.left + ((t - t0) / Math.max(1, t1 - t0)) * (W - PAD.left - PAD.right)
    const y = (v: number) => PAD.top + (1 - (v - min) / (max - min)) * (H - PAD.top - PAD.bottom)
    const unit = points[0].unit ?? MEASUREMENT_KINDS[kind]?.unit ?? ''
    const line = (pick: (m: Measurement) => number | null) =>
      points
        .filter((p) => pick(p) !== null)
        .map((p) => `${x(p.measuredAt.toMillis()).toFixed(1)},${y(pick(p)!).toFixed(1)}`)
        .join(' ')
    const lines = [line((p) => p.value)]
    if (points.some((p) => p.value2 !== null)) lines.push(line((p) => p.value2))
    charts.push({
      kind,
      label: kindLabel(kind),
      unit,
      width: W,
      height: H,
      lines,
      dots: points.map((p) => ({
        x: x(p.measuredAt.toMillis()),
        y: y(p.value),
        title: `${p.measuredAt.toFormat('dd/MM/yyyy')}: ${p.value}${p.value2 !== null ? '/' + p.value2 : ''} ${unit}`,
      })),
      yTicks: [min, (min + max) / 2, max].map((v) => ({ y: y(v), label: String(Math.round(v * 10) / 10) })),
      xLabels: [points[0], points[points.length - 1]].map((p) => ({
        x: x(p.measuredAt.toMillis()),
        label: p.measuredAt.toFormat('MM/yyyy'),
      })),
    })
  }
  return charts
}
