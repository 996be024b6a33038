/**
 * A price as the public lists print it ("5,63 €", "1.234,50", "12.5") in euro cents; null
 * when the cell is empty, NaN when it is no price.
 */
export function euroCents(text: string): number | null {
  const clean = text.replace(/€|EUR|\s|\u00a0/gi, '')
  if (clean === '') return null
  let number: string
  if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(clean) || /^\d+(,\d{1,3})?$/.test(clean)) {
    number = clean.replace(/\./g, '').replace(',', '.')
  } else if (/^\d+(\.\d{1,2})?$/.test(clean)) {
    number = clean
  } else {
    return Number.NaN
  }
  return Math.round(Number(number) * 100)
}
