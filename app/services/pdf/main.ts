/*
| The process-wide PDF renderer (one browser, a few pages). Closed at shutdown by the
| mail/PDF provider; tests and the benchmark may build their own PdfRenderer.
*/
import { PdfRenderer } from '#services/pdf/pdf_renderer'

const pdf = new PdfRenderer()
export default pdf
