/**
 * The form names are compared in: upper case, accents folded, apostrophes, spaces and
 * dashes dropped. "D'Angelo" and "dang" both become DANGELO / DANG.
 */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
}
