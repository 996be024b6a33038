import { test } from '@japa/runner'
import { bmi, bmiClass } from '#services/chart/bmi'

test.group('BMI', () => {
  test('is weight over height squared, one decimal', ({ assert }) => {
    assert.equal(bmi(81, 180), 25)
    assert.equal(bmi(70, 175), 22.9)
  })

  test('is not computed without both values', ({ assert }) => {
    assert.isNull(bmi(70, null))
    assert.isNull(bmi(undefined, 175))
    assert.isNull(bmi(70, 0))
  })

  test('follows the WHO adult classes', ({ assert }) => {
    assert.equal(bmiClass(18.4), 'underweight')
    assert.equal(bmiClass(22), 'normal')
    assert.equal(bmiClass(27), 'overweight')
    assert.equal(bmiClass(31), 'obese')
  })
})
