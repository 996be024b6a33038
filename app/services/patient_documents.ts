/*
| Documents the studio has published for a patient to take from the patient portal (the
| promemoria of his e-prescriptions, for now). Modules that publish declare a provider in their
| module.ts (`patientDocuments`); the portal lists and opens them through this service only,
| never through the module's internals. Providers answer only for the patient they are asked
| about: the portal passes the signed-in patient's id, and audits the reading itself.
*/
import studioModules from '#services/studio_modules'

export interface PatientDocument {
  /** `<module>:<id>`, what `open` takes back. */
  ref: string
  title: string
  /** ISO date-time of publication. */
  publishedAt: string
  /** One line: what it is about (first drug, NRE...). */
  summary: string
  filename: string
}

export interface PatientDocumentsProvider {
  list(patientId: number): Promise<Array<Omit<PatientDocument, 'ref'> & { id: string }>>
  /** Null when the document is not this patient's or is no longer published. */
  open(patientId: number, id: string): Promise<{ filename: string; contentType: string; content: Buffer } | null>
}

async function providers() {
  const list: Array<{ module: string; provider: PatientDocumentsProvider }> = []
  for (const m of studioModules.list) {
    if (m.patientDocuments) list.push({ module: m.name, provider: (await m.patientDocuments()).default })
  }
  return list
}

/** The patient's published documents, newest first. */
export async function patientDocuments(patientId: number): Promise<PatientDocument[]> {
  const all: PatientDocument[] = []
  for (const { module, provider } of await providers()) {
    for (const { id, ...doc } of await provider.list(patientId)) all.push({ ...doc, ref: `${module}:${id}` })
  }
  return all.sort((a, b) => b.publishedAt.localeCompare(a.publishedAt))
}

/** One published document of this patient, or null (unknown, another patient's, withdrawn). */
export async function openPatientDocument(patientId: number, ref: string) {
  const at = ref.indexOf(':')
  if (at < 1) return null
  const entry = (await providers()).find((p) => p.module === ref.slice(0, at))
  return entry ? entry.provider.open(patientId, ref.slice(at + 1)) : null
}
