/*
| The SAC outcome codes (spec §6.7) in the words the doctor and the staff read, for every service
| that answers with SAC codes. The service's own text is used only for codes we do not know.
*/

const MESSAGES: Record<string, string> = {
  '0000': 'Operazione eseguita.',
  '0001': 'Operazione eseguita con segnalazioni.',
  '9999': 'Richiesta respinta dal servizio.',
  '1001': 'Pincode mancante.',
  '1002': 'Pincode errato.',
  '1003': 'Utente non abilitato alla prescrizione dematerializzata.',
  '1004': 'Il codice fiscale del medico titolare non risulta attivo presso il servizio.',
  '1005': 'Il codice fiscale del medico sostituto non risulta attivo presso il servizio.',
  '1006': 'La regione del medico non è abilitata al servizio.',
  '1007': 'Il codice fiscale del medico non corrisponde all’utente che invia.',
  '1008': 'L’NRE non appartiene alla regione del medico.',
  '1009': 'Codice regione errato nell’NRE.',
  '1010': 'Lunghezza dell’NRE errata.',
  '1011': 'Raggruppamento dell’NRE errato.',
  '1012': 'Codice fiscale dell’assistito mancante.',
  '1013': 'L’NRE non appartiene a un lotto assegnato.',
  '1014': 'L’ASL non corrisponde a quella del lotto dell’NRE.',
  '1015': 'Il medico non corrisponde a quello del lotto dell’NRE.',
  '1016': 'NRE già utilizzato: non può essere riusato.',
  '1017': 'NRE non presente.',
  '1018': 'Codice regione del medico mancante o non valido.',
  '1019': 'Codice ASL del medico mancante o non valido (tre cifre).',
  '1020': 'Codice struttura del medico mancante o non valido.',
  '1021': 'Codice specializzazione del medico mancante o non valido.',
  '1022': 'Posizione del medico (regione, ASL, struttura) non valida.',
  '1023': 'Codice fiscale del medico errato.',
  '1024': 'Codice fiscale errato: il carattere di controllo non corrisponde.',
  '1025': 'Codice ASL del medico non valido per la regione.',
  '1026': 'Codice struttura del medico non valido.',
  '1027': 'Codice fiscale del medico sostituto errato.',
  '1028': 'Codice fiscale del medico sostituto: carattere di controllo errato.',
  '1029': 'NRE non previsto per questa ricetta.',
  '1030': 'La specializzazione non corrisponde a quella del lotto dell’NRE.',
  '1031': 'La struttura non corrisponde a quella del lotto dell’NRE.',
  '1032': 'Tipo ricetta non ammesso.',
  '1033': 'Codice STP/ENI obbligatorio per questo tipo di ricetta.',
  '1034': 'Codice fiscale dell’assistito non decifrabile: controllare il certificato di cifratura.',
  '1035': 'Codice fiscale dell’assistito non cifrato: controllare il certificato di cifratura.',
  '1036': 'Codice STP/ENI errato.',
  '1037': 'Il codice fiscale non corrisponde a un assistito del SSN.',
  '1038': 'Codice fiscale dell’assistito non impostato.',
  '1039': 'Codice STP/ENI non impostato.',
  '1120': 'Annullamento non possibile: la ricetta è già in erogazione, erogata o annullata.',
  '1125': 'Il medico non è quello che ha inviato la ricetta.',
  '1153': 'Tipo prescrizione obbligatorio per la ricerca per date.',
  '1197': 'Progressivo dell’NRE errato.',
  '1212': 'Il medico sostituto non corrisponde all’utente che invia.',
  '5005': 'Ricetta non trovata.',
  '5009': 'Ricetta scaduta.',
  '5010': 'Il codice fiscale non corrisponde a quello della ricetta.',
  '5011': 'Ricetta già presa in carico da un’altra farmacia o struttura.',
  '5014': 'Operazione non consentita.',
  '5162': 'Ricetta annullata dal medico.',
}

/** Italian text of a SAC code; the service's own text (or the bare code) when we have none. */
export function sacCodeMessage(code: string, serviceText?: string | null): string {
  return MESSAGES[code] ?? (serviceText?.trim() || `Errore del servizio (codice ${code}).`)
}

export function isKnownSacCode(code: string) {
  return code in MESSAGES
}

/** Codes that need the doctor or his credentials: retrying does not help (spec §8). */
export const SAC_CREDENTIAL_CODES: readonly string[] = ['1001', '1002', '1003', '1004', '1005', '1007', '1212']
