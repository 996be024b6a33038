/*
| ASL codes (Ministero della Salute, FLS.11; HL7 Italia CS_ASL) from a CSV
| `codice;sigla;regione;provincia;comune_istat` with an optional `nome` (full name).
| 6 digits = 3-digit region code + 3-digit ASL code (reference-data spec §4).
*/
import { createHash } from 'node:crypto'
import { pickColumn, readCsv } from '#services/refdata/csv'
import type { LoadedDataset, Row, SkippedLine } from '#services/refdata/dataset'

export function loadAsl(file: string): LoadedDataset {
  const csv = readCsv(file)
  const col = (names: string[]) => pickColumn(csv.header, names)
  const code = col(['codice', 'code6', 'codice_asl'])
  const shortName = col(['sigla', 'short_name', 'denominazione'])
  const name = col(['nome', 'name', 'descrizione'])
  const region = col(['regione', 'codice_regione', 'region'])
  const province = col(['provincia', 'codice_provincia', 'province_istat'])
  const seat = col(['comune_istat', 'comune_sede', 'seat_istat_comune'])
  if (!code || (!shortName && !name)) {
    throw new Error(`Intestazione non riconosciuta (${csv.header.join(';')}): servono le colonne codice;sigla (o nome).`)
  }
  const skipped: SkippedLine[] = []
  const byCode = new Map<string, Row>()
  for (const { line, values } of csv.rows) {
    const code6 = values[code]
    const label = (name && values[name]) || (shortName && values[shortName]) || ''
    const regionCode = region ? values[region] : code6.slice(0, 3)
    if (!/^\d{6}$/.test(code6)) skipped.push({ line, reason: `codice ASL non valido «${code6}» (servono 6 cifre)` })
    else if (!label) skipped.push({ line, reason: `nome mancante per ${code6}` })
    else if (regionCode !== code6.slice(0, 3)) skipped.push({ line, reason: `la regione ${regionCode} non corrisponde al codice ${code6}` })
    else if (byCode.has(code6)) skipped.push({ line, reason: `codice ${code6} ripetuto` })
    else {
      byCode.set(code6, {
        code6,
        region_ministry_code: code6.slice(0, 3),
        asl_code: code6.slice(3),
        name: label.slice(0, 200),
        short_name: shortName ? values[shortName].slice(0, 60) || null : null,
        province_istat: (province && /^\d{3}$/.test(values[province]) && values[province]) || null,
        seat_istat_comune: (seat && /^\d{6}$/.test(values[seat]) && values[seat]) || null,
        valid_to: null,
      })
    }
  }
  const sha256 = createHash('sha256').update(csv.bytes).digest('hex')
  return {
    key: 'asl',
    tables: [{ table: 'asl', keyColumns: ['code6'], rows: [...byCode.values()] }],
    skipped,
    version: sha256.slice(0, 12),
    sourceUrl: null,
    licence: 'Ministero della Salute (open data); CodeSystem HL7 Italia CS_ASL CC BY-SA 4.0',
    attribution: 'Ministero della Salute, anagrafica delle aziende sanitarie (FLS.11); HL7 Italia',
    sha256,
  }
}
