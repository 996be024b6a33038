/*
| Edge template → PDF with the page layout of the clinic that prints it (format, orientation
| and margins from its print settings), or the studio default.
*/
import edge from 'edge.js'
import Clinic from '#models/clinic'
import pdf from '#services/pdf/main'
import { barcodeSvg } from '#services/pdf/barcode'
import { DEFAULT_LAYOUT, type PageLayout } from '#services/pdf/pdf_renderer'

export async function clinicLayout(clinicId?: number | null): Promise<PageLayout> {
  const clinic = clinicId ? await Clinic.find(clinicId) : null
  if (!clinic) return DEFAULT_LAYOUT
  return {
    format: clinic.printFormat,
    orientation: clinic.printOrientation,
    margins: {
      top: clinic.printMarginTopMm,
      right: clinic.printMarginRightMm,
      bottom: clinic.printMarginBottomMm,
      left: clinic.printMarginLeftMm,
    },
  }
}

export interface PdfViewOptions {
  clinicId?: number | null
  /** Overrides the clinic's settings (a promemoria is always A5 landscape, for instance). */
  layout?: Partial<PageLayout>
}

/** Templates live under resources/views/pdf/ (or a module's views) and get `barcode()`. */
export async function renderPdfView(template: string, data: Record<string, unknown>, options: PdfViewOptions = {}) {
  const html = await edge.render(template, { ...data, barcode: barcodeSvg })
  const base = await clinicLayout(options.clinicId)
  return pdf.render(html, { ...base, ...options.layout, margins: { ...base.margins, ...options.layout?.margins } })
}
