/*
| A line chart per measurement kind, computed on the server and drawn as SVG by an Edge
| partial: doctors look at trends, and no chart library has to run in the browser.
| Coordinates, axis ticks and date labels are computed here; the partial only draws them.
*/
import type { DateTime } from 'luxon'
import type Measurement from '#models/measurement'
import { bmi } from '#services/chart/bmi'
import { MEASUREMENT_KINDS } from '#services/chart/measurement_kinds'

export interface ChartPoint {
  x: number
  y: number
  title: string
}

export interface ChartSeries {
  kind: string
  unit: string
  width: number
  height: number
  plot: { left: number; right: number; top: number; bottom: number }
  /** One line per value (pressure has two: systolic and diastolic). */
  lines: { points: string; dots: ChartPoint[] }[]
  yTicks: { y: number; label: string }[]
  xTicks: { x: number; label: string }[]
}

interface Sample {
  at: DateTime
  values: (number | null)[]
}

const WIDTH = 600
const HEIGHT = 200
const PLOT = { left: 48, right: WIDTH - 14, top: 14, bottom: HEIGHT - 30 }
const MAX_X_TICKS = 5

/** Round tick steps (1, 2, 5 × 10^n) so the axis reads 120, 140, 160 rather than 118.3. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (min === max) {
    const pad = Math.abs(min) * 0.1 || 1
    min -= pad
    max += pad
  }
  const rough = (max - min) / Math.max(1, count - 1)
  const magnitude = 10 ** Math.floor(Math.log10(rough))
  const step = [1, 2, 2.5, 5, 10].map((f) => f * magnitude).find((s) => s >= rough) ?? 10 * magnitude
  const first = Math.floor(min / step) * step
  const ticks: number[] = []
  for (let v = first; v <= max + step * 0.001; v += step) ticks.push(Math.round(v * 1000) / 1000)
  if (ticks[ticks.length - 1] < max) ticks.push(Math.round((ticks[ticks.length - 1] + step) * 1000) / 1000)
  return ticks
}

function format(value: number) {
  return String(value).replace('.', ',')
}

function series(kind: string, unit: string, samples: Sample[]): ChartSeries {
  const sorted = [...samples].sort((a, b) => a.at.toMillis() - b.at.toMillis())
  const numbers = sorted.flatMap((s) => s.values.filter((v): v is number => v !== null))
  const ticks = niceTicks(Math.min(...numbers), Math.max(...numbers))
  const low = ticks[0]
  const high = ticks[ticks.length - 1]
  const t0 = sorted[0].at.toMillis()
  const t1 = sorted[sorted.length - 1].at.toMillis()
  const span = t1 - t0
  // A single day of readings is drawn in the middle rather than squeezed on the left edge.
  const x = (t: number) => (span === 0 ? (PLOT.left + PLOT.right) / 2 : PLOT.left + ((t - t0) / span) * (PLOT.right - PLOT.left))
  const y = (v: number) => PLOT.bottom - ((v - low) / (high - low)) * (PLOT.bottom - PLOT.top)
  const lineCount = Math.max(...sorted.map((s) => s.values.length))
  const lines = Array.from({ length: lineCount }, (_, index) => {
    const dots = sorted
      .filter((s) => s.values[index] !== null && s.values[index] !== undefined)
      .map((s) => ({
        x: round(x(s.at.toMillis())),
        y: round(y(s.values[index]!)),
        title: `${s.at.toFormat('dd/MM/yyyy')}: ${s.values.filter((v) => v !== null).map((v) => format(v!)).join('/')} ${unit}`.trim(),
      }))
    return { points: dots.map((d) => `${d.x},${d.y}`).join(' '), dots }
  }).filter((line) => line.dots.length > 0)
  const tickCount = span === 0 ? 1 : Math.min(MAX_X_TICKS, sorted.length)
  const xTicks = Array.from({ length: tickCount }, (_, i) => {
    const t = tickCount === 1 ? t0 : t0 + (span * i) / (tickCount - 1)
    return { x: round(x(t)), label: sorted[0].at.plus({ milliseconds: t - t0 }).toFormat('dd/MM/yy') }
  })
  return {
    kind,
    unit,
    width: WIDTH,
    height: HEIGHT,
    plot: PLOT,
    lines,
    yTicks: ticks.map((v) => ({ y: round(y(v)), label: format(v) })),
    xTicks,
  }
}

function round(value: number) {
  return Math.round(value * 10) / 10
}

/**
 * One chart per kind present (newest readings first in the input), plus the BMI computed from
 * each weight with the latest height.
 */
export function measurementCharts(measurements: Measurement[]): ChartSeries[] {
  const byKind = new Map<string, Measurement[]>()
  for (const m of measurements) byKind.set(m.kind, [...(byKind.get(m.kind) ?? []), m])
  const charts: ChartSeries[] = []
  for (const [kind, rows] of byKind) {
    const unit = MEASUREMENT_KINDS[kind]?.unit ?? rows[0].unit ?? ''
    charts.push(series(kind, unit, rows.map((m) => ({ at: m.measuredAt, values: m.value2 === null ? [m.value] : [m.value, m.value2] }))))
  }
  const height = byKind.get('altezza')?.[0]?.value
  const weights = byKind.get('peso') ?? []
  if (height && weights.length) {
    charts.push(series('bmi', 'kg/m²', weights.map((w) => ({ at: w.measuredAt, values: [bmi(w.value, height)] }))))
  }
  return charts
}
