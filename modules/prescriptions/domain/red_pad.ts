/*
| Numbering of the red prescription pad (ricettario DPCM, spec §4.5). A sheet's code is
| 15 digits printed as two Code 39 barcodes:
|   bar1 = region code (3) + year (2)
|   bar2 = pad number (7) + counter of the sheet in the pad (2, 00–99) + control digit (1)
| The software never invents a pad: the doctor enters (or scans) the code of its first sheet;
| the following sheets are derived from the counter, ascending, or descending for printers that
| take the pad reversed (the new pad then starts at 99).
|
| Control digit ("controllo parità"). DM 17/03/2008, Allegato §2.3.1.2 defines it; its text
| could not be checked. A prescribing software's manual describes it, on the pad
| configuration screen, as "the sum of the single digits of the third and of the fourth field"
| (pad number and counter). A sum can exceed 9, so we assume the printed digit is the sum
| mod 10 (its last digit). Unverified: the rule sits behind controlDigit() alone, every code
| typed or scanned from a sheet is checked against it and a mismatch is reported as a warning,
| and the first derived sheet of a pad is confirmed by the user against the paper.
*/
import { InvalidCode } from './invalid_code.js'

export type PadDirection = 'ascending' | 'descending'

export interface RedPad {
  /** Region code (3 digits) + the pad's year (2 digits). */
  bar1: string
  /** 7 digits, as printed. */
  padNumber: string
  /** Counter of the first sheet to print (00 ascending, usually 99 descending). */
  firstCounter: number
  /** Counter of the last sheet to print. */
  lastCounter: number
  direction: PadDirection
  /** Counter of the next sheet; past lastCounter when the pad is used up. */
  nextCounter: number
}

/** How the control digit is computed from the 9 digits before it (pad number + counter). */
export type ControlDigitRule = (bar2Prefix: string) => string

/** Sum of the digits of pad number and counter, last digit of the sum. */
export const parityControlDigit: ControlDigitRule = (bar2Prefix) => {
  const sum = [...bar2Prefix].reduce((total, digit) => total + Number(digit), 0)
  return String(sum % 10)
}

export const CONTROL_DIGIT_RULE = {
  name: 'controllo parità',
  reference:
    'DM 17/03/2008, Allegato §2.3.1.2; descrizione della configurazione del blocchetto ' +
    'nel manuale di un gestionale per la medicina generale',
  verified: false,
  help:
    "L'ultima cifra del codice della ricetta è il «controllo parità»: la somma delle singole cifre " +
    'del numero del blocchetto e del contatore del foglio (se la somma supera 9 se ne prende ' +
    "l'ultima cifra). Se non coincide con quella stampata sul foglio il programma lo segnala: " +
    'controllare il codice e, se è giusto, avvisare l’assistenza.',
} as const

export interface PadOptions {
  /** Another rule, once the official one is verified on real sheets. */
  controlDigit?: ControlDigitRule
}

/** The single place where the control digit is computed. */
export function controlDigit(bar2Prefix: string, rule: ControlDigitRule = parityControlDigit): string {
  if (!/^[0-9]{9}$/.test(bar2Prefix)) {
    throw new InvalidCode('red_pad', bar2Prefix, `Numero del blocchetto e contatore non validi: ${bar2Prefix} (servono 9 cifre)`)
  }
  return rule(bar2Prefix)
}

export interface RedSheetCode {
  bar1: string
  bar2: string
  /** bar1 + bar2, 15 digits. */
  code: string
  regionCode: string
  /** Two digits, as printed. */
  year: string
  padNumber: string
  counter: number
  controlDigit: string
}

/** bar1 of a new pad: the doctor's region and the current year, filled in automatically. */
export function padBar1(regionCode: string, year: number): string {
  if (!/^[0-9]{3}$/.test(regionCode)) {
    throw new InvalidCode('red_pad', regionCode, `Codice regione non valido: ${regionCode} (3 cifre)`)
  }
  return regionCode + String(year % 100).padStart(2, '0')
}

export function composeRedCode(bar1: string, padNumber: string, counter: number, options: PadOptions = {}): RedSheetCode {
  if (!/^[0-9]{5}$/.test(bar1)) {
    throw new InvalidCode('red_pad', bar1, `Prima parte del codice non valida: ${bar1} (regione e anno, 5 cifre)`)
  }
  if (!/^[0-9]{7}$/.test(padNumber)) {
    throw new InvalidCode('red_pad', padNumber, `Numero del blocchetto non valido: ${padNumber} (7 cifre)`)
  }
  if (!isCounter(counter)) {
    throw new InvalidCode('red_pad', String(counter), `Contatore del foglio non valido: ${counter} (da 00 a 99)`)
  }
  const prefix = padNumber + String(counter).padStart(2, '0')
  const control = controlDigit(prefix, options.controlDigit)
  const bar2 = prefix + control
  return {
    bar1,
    bar2,
    code: bar1 + bar2,
    regionCode: bar1.slice(0, 3),
    year: bar1.slice(3),
    padNumber,
    counter,
    controlDigit: control,
  }
}

export type PadWarningKind = 'control_digit' | 'region' | 'year'

export interface PadWarning {
  kind: PadWarningKind
  message: string
}

export type ParsedRedCode =
  | { ok: true; code: RedSheetCode; warnings: PadWarning[] }
  | { ok: false; error: string }

export interface ParseOptions extends PadOptions {
  /** The doctor's region: a pad of another region is reported. */
  regionCode?: string
  /** The current year: a pad of another year is reported. */
  year?: number
}

/**
 * A code typed or scanned from a sheet: 15 digits, or the two barcodes one after the other;
 * blanks, dashes and the asterisks of the printed text are ignored. The code is taken as
 * written (the control digit it carries is kept), and any disagreement is a warning.
 */
export function parseRedCode(input: string, options: ParseOptions = {}): ParsedRedCode {
  const value = input.replace(/[\s*\-]+/g, '')
  if (!/^[0-9]{15}$/.test(value)) {
    return { ok: false, error: `Codice della ricetta non valido: ${input.trim()} (servono 15 cifre: 5 + 10)` }
  }
  const code: RedSheetCode = {
    bar1: value.slice(0, 5),
    bar2: value.slice(5),
    code: value,
    regionCode: value.slice(0, 3),
    year: value.slice(3, 5),
    padNumber: value.slice(5, 12),
    counter: Number(value.slice(12, 14)),
    controlDigit: value[14],
  }
  const warnings: PadWarning[] = []
  const expected = controlDigit(value.slice(5, 14), options.controlDigit)
  if (expected !== code.controlDigit) {
    warnings.push({
      kind: 'control_digit',
      message:
        `Il controllo parità del codice (${code.controlDigit}) non corrisponde a quello calcolato (${expected}): ` +
        'verificare il codice sul foglio; se è giusto, segnalarlo all’assistenza.',
    })
  }
  if (options.regionCode && options.regionCode !== code.regionCode) {
    warnings.push({
      kind: 'region',
      message: `Il blocchetto è della regione ${code.regionCode}, il medico è della regione ${options.regionCode}.`,
    })
  }
  if (options.year !== undefined && String(options.year % 100).padStart(2, '0') !== code.year) {
    warnings.push({
      kind: 'year',
      message: `Il blocchetto riporta l'anno ${code.year}, diverso dall'anno in corso.`,
    })
  }
  return { ok: true, code, warnings }
}

export type PadFromSheet =
  | { ok: true; pad: RedPad; warnings: PadWarning[] }
  | { ok: false; error: string }

/** A pad from the code of its first sheet; it runs to 99 ascending, or down to 00 descending. */
export function padFromFirstSheet(
  input: string,
  direction: PadDirection = 'ascending',
  options: ParseOptions = {}
): PadFromSheet {
  const parsed = parseRedCode(input, options)
  if (!parsed.ok) return parsed
  const { code } = parsed
  return {
    ok: true,
    warnings: parsed.warnings,
    pad: {
      bar1: code.bar1,
      padNumber: code.padNumber,
      firstCounter: code.counter,
      lastCounter: direction === 'ascending' ? 99 : 0,
      direction,
      nextCounter: code.counter,
    },
  }
}

const EXHAUSTED_MESSAGE =
  'Le ricette del blocchetto sono finite: inserire il codice della prima ricetta del nuovo blocchetto.'

export type NextSheet =
  | {
      status: 'ok'
      code: RedSheetCode
      /** The pad after this sheet: save it in place of the old one. */
      pad: RedPad
      /** First sheet of the pad: the user compares the code with the paper before printing. */
      isFirstSheet: boolean
      /** Sheets left after this one. */
      remaining: number
    }
  | { status: 'exhausted'; message: string }

/** Sheets not yet printed. */
export function remainingSheets(pad: RedPad): number {
  const left = pad.direction === 'ascending' ? pad.lastCounter - pad.nextCounter + 1 : pad.nextCounter - pad.lastCounter + 1
  return Math.max(0, left)
}

export function isExhausted(pad: RedPad): boolean {
  return remainingSheets(pad) === 0
}

/** The code of the next sheet and the advanced pad, or `exhausted` so the UI asks for a new pad. */
export function nextSheet(pad: RedPad, options: PadOptions = {}): NextSheet {
  assertPad(pad)
  if (isExhausted(pad)) return { status: 'exhausted', message: EXHAUSTED_MESSAGE }
  const code = composeRedCode(pad.bar1, pad.padNumber, pad.nextCounter, options)
  const step = pad.direction === 'ascending' ? 1 : -1
  const advanced = { ...pad, nextCounter: pad.nextCounter + step }
  return {
    status: 'ok',
    code,
    pad: advanced,
    isFirstSheet: pad.nextCounter === pad.firstCounter,
    remaining: remainingSheets(advanced),
  }
}

function isCounter(value: number) {
  return Number.isInteger(value) && value >= 0 && value <= 99
}

function assertPad(pad: RedPad) {
  const ordered = pad.direction === 'ascending' ? pad.firstCounter <= pad.lastCounter : pad.firstCounter >= pad.lastCounter
  if (!isCounter(pad.firstCounter) || !isCounter(pad.lastCounter) || !ordered) {
    throw new InvalidCode(
      'red_pad',
      `${pad.firstCounter}-${pad.lastCounter}`,
      `Blocchetto non valido: contatori da ${pad.firstCounter} a ${pad.lastCounter} ` +
        `in ordine ${pad.direction === 'ascending' ? 'crescente' : 'decrescente'}`
    )
  }
}
