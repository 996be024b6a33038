import type { ApplicationService } from '@adonisjs/core/types'

/** Closes the PDF service's Chromium with the process (it is launched on the first PDF). */
export default class PdfProvider {
  constructor(protected app: ApplicationService) {}

  async shutdown() {
    const { default: pdf } = await import('#services/pdf/main')
    await pdf.close()
  }
}
