/*
| Barcodes for printed documents (NRE and codice fiscale on the promemoria, pad numbers),
| drawn by bwip-js as SVG so they stay sharp at any printer resolution.
*/
import bwipjs from 'bwip-js'

export type BarcodeKind = 'code39' | 'code128'

export interface BarcodeOptions {
  /** Bar height in millimetres. */
  heightMm?: number
  /** Print the text under the bars. */
  withText?: boolean
  /** Width of the narrowest bar, in bwip units (1 ≈ 0.35 mm at scale 1). */
  scale?: number
}

export class BarcodeError extends Error {}

// Code 39 without extension: digits, capitals, space and - . $ / + %
const CODE39 = /^[0-9A-Z .$/+%-]+$/

export function barcodeSvg(kind: BarcodeKind, text: string, options: BarcodeOptions = {}): string {
  if (!text) throw new BarcodeError('Testo del codice a barre mancante.')
  if (kind === 'code39' && !CODE39.test(text)) {
    throw new BarcodeError(`«${text}» non si può scrivere in Code 39 (solo cifre, lettere maiuscole e - . $ / + % spazio).`)
  }
  return bwipjs.toSVG({
    bcid: kind,
    text,
    height: options.heightMm ?? 10,
    scale: options.scale ?? 2,
    includetext: options.withText ?? false,
    textxalign: 'center',
    paddingwidth: 4,
  })
}

/** As a data: URL for an <img>, when the SVG must not inherit the page's CSS. */
export function barcodeDataUrl(kind: BarcodeKind, text: string, options: BarcodeOptions = {}): string {
  return `data:image/svg+xml;base64,${Buffer.from(barcodeSvg(kind, text, options)).toString('base64')}`
}
