import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import Measurement from '#models/measurement'
import { measurementCharts, niceTicks } from '#services/chart/measurement_chart'

function reading(kind: string, iso: string, value: number, value2: number | null = null, unit: string | null = null) {
  const m = new Measurement()
  m.merge({ kind, value, value2, unit, measuredAt: DateTime.fromISO(iso), source: 'doctor' })
  return m
}

test.group('measurement charts', () => {
  test('value ticks are round numbers that cover the data', ({ assert }) => {
    assert.deepEqual(niceTicks(118, 161), [100, 120, 140, 160, 180])
    assert.deepEqual(niceTicks(36.4, 38.1), [36, 36.5, 37, 37.5, 38, 38.5])
    assert.deepEqual(niceTicks(0.5, 9.5), [0, 2.5, 5, 7.5, 10])
    const flat = niceTicks(97, 97)
    assert.isAtMost(flat[0], 97)
    assert.isAtLeast(flat[flat.length - 1], 97)
  })

  test('one chart per kind, oldest on the left, newest on the right, higher values higher up', ({ assert }) => {
    const charts = measurementCharts([
      reading('peso', '2025-01-01', 78),
      reading('peso', '2024-01-01', 82),
      reading('spo2', '2024-06-01', 97),
    ])
    assert.deepEqual(charts.map((c) => c.kind), ['peso', 'spo2'])
    const [weight] = charts
    const [older, newer] = weight.lines[0].dots
    assert.isBelow(older.x, newer.x)
    assert.isBelow(older.y, newer.y) // 82 kg drawn above 78 kg (SVG y grows downwards)
    assert.equal(weight.unit, 'kg')
    assert.deepEqual(weight.xTicks.map((t) => t.label), ['01/01/24', '01/01/25'])
  })

  test('pressure draws two lines; a single reading is drawn in the middle', ({ assert }) => {
    const [pressure] = measurementCharts([reading('pressione', '2024-01-01T08:00', 130, 85)])
    assert.lengthOf(pressure.lines, 2)
    assert.equal(pressure.lines[0].dots[0].x, (pressure.plot.left + pressure.plot.right) / 2)
    assert.include(pressure.lines[0].dots[0].title, '130/85 mmHg')
  })

  test('free kinds keep their own unit; weights with a height give a BMI chart', ({ assert }) => {
    const charts = measurementCharts([
      reading('circonferenza vita', '2024-01-01', 94, null, 'cm'),
      reading('peso', '2024-01-01', 81),
      reading('peso', '2024-06-01', 78),
      reading('altezza', '2024-01-01', 180),
    ])
    assert.equal(charts.find((c) => c.kind === 'circonferenza vita')!.unit, 'cm')
    const bmi = charts.find((c) => c.kind === 'bmi')!
    assert.lengthOf(bmi.lines[0].dots, 2)
    assert.include(bmi.lines[0].dots[0].title, '25')
  })

  test('every coordinate stays inside the drawing area', ({ assert }) => {
    const rows = Array.from({ length: 30 }, (_, i) => reading('glicemia', DateTime.fromISO('2024-01-01').plus({ days: i * 3 }).toISO()!, 80 + ((i * 37) % 120)))
    const [chart] = measurementCharts(rows)
    for (const dot of chart.lines[0].dots) {
      assert.isAtLeast(dot.x, chart.plot.left)
      assert.isAtMost(dot.x, chart.plot.right)
      assert.isAtLeast(dot.y, chart.plot.top)
      assert.isAtMost(dot.y, chart.plot.bottom)
    }
    assert.isAtMost(chart.xTicks.length, 5)
  })
})
