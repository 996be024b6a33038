/*
| Finds the Chromium the PDF service drives, or says in Italian what to install.
*/
import { accessSync, constants } from 'node:fs'
import pdfConfig from '#config/pdf'

export class ChromiumMissingError extends Error {
  constructor(detail: string) {
    super(
      `Chromium non trovato (${detail}): i PDF non possono essere generati. ` +
        'Installi il pacchetto Debian «chromium» (sudo apt-get install chromium) oppure imposti CHROMIUM_PATH con il percorso di Chromium o Chrome.'
    )
    this.name = 'ChromiumMissingError'
  }
}

function executable(path: string) {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

export function resolveChromiumPath(configured = pdfConfig.chromiumPath): string {
  if (configured) {
    if (!executable(configured)) throw new ChromiumMissingError(`CHROMIUM_PATH=${configured} non esiste o non è eseguibile`)
    return configured
  }
  const found = pdfConfig.candidates.find(executable)
  if (!found) throw new ChromiumMissingError(`cercato in ${pdfConfig.candidates.join(', ')}`)
  return found
}
