/*
| Looks inside generated PDFs the way a printer or a pharmacist's scanner would: page count
| and size, a raster of the page (poppler's pdftoppm), and the barcodes read back by ZXing.
*/
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader'

const run = promisify(execFile)
const require = createRequire(import.meta.url)

/** Page sizes in points (1/72 inch) from the MediaBox of each page. */
export function pdfPages(pdf: Buffer): Array<{ width: number; height: number }> {
  const text = pdf.toString('latin1')
  const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/g)]
  return boxes.map((m) => ({ width: Number(m[3]) - Number(m[1]), height: Number(m[4]) - Number(m[2]) }))
}

export const MM_TO_PT = 72 / 25.4

export interface Raster {
  width: number
  height: number
  dpi: number
  /** 8-bit grey, one byte per pixel, row by row. */
  pixels: Buffer
  png: Buffer
}

/** Renders the first page at `dpi` with pdftoppm (Debian package poppler-utils). */
export async function rasterize(pdf: Buffer, dpi = 200): Promise<Raster> {
  const dir = await mkdtemp(join(tmpdir(), 'pdf-raster-'))
  try {
    await writeFile(join(dir, 'in.pdf'), pdf)
    await run('pdftoppm', ['-r', String(dpi), '-f', '1', '-l', '1', '-gray', '-singlefile', join(dir, 'in.pdf'), join(dir, 'page')])
    await run('pdftoppm', ['-r', String(dpi), '-f', '1', '-l', '1', '-png', '-singlefile', join(dir, 'in.pdf'), join(dir, 'page')])
    const pgm = await readFile(join(dir, 'page.pgm'))
    const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 50).toString('latin1'))
    if (!header) throw new Error('pdftoppm did not write a PGM image')
    const width = Number(header[1])
    const height = Number(header[2])
    return { width, height, dpi, pixels: pgm.subarray(header[0].length), png: await readFile(join(dir, 'page.png')) }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** The first dark pixel from the left and from the top: where printing starts. */
export function inkBounds(raster: Raster, threshold = 128) {
  let left = raster.width
  let top = raster.height
  let right = -1
  let bottom = -1
  for (let y = 0; y < raster.height; y++) {
    for (let x = 0; x < raster.width; x++) {
      if (raster.pixels[y * raster.width + x] < threshold) {
        if (x < left) left = x
        if (x > right) right = x
        if (y < top) top = y
        if (y > bottom) bottom = y
      }
    }
  }
  const mm = (px: number) => (px / raster.dpi) * 25.4
  return { leftMm: mm(left), topMm: mm(top), rightMm: mm(raster.width - 1 - right), bottomMm: mm(raster.height - 1 - bottom) }
}

let prepared: Promise<unknown> | null = null

/** Every barcode ZXing finds in the PNG, with its format and text. */
export async function decodeBarcodes(png: Buffer) {
  prepared ??= Promise.resolve(
    prepareZXingModule({
      overrides: { wasmBinary: (await readFile(require.resolve('zxing-wasm/reader/zxing_reader.wasm'))).buffer as ArrayBuffer },
      fireImmediately: true,
    })
  )
  await prepared
  const results = await readBarcodes(new Uint8Array(png), { formats: ['Code39', 'Code128'], maxNumberOfSymbols: 10, tryHarder: true })
  return results.filter((r) => r.isValid).map((r) => ({ format: r.format, text: r.text }))
}

export async function hasPdftoppm() {
  try {
    await run('pdftoppm', ['-v'])
    return true
  } catch {
    return false
  }
}
