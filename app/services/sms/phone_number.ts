/*
| Mobile numbers as the SMS providers want them: E.164 (+39…). Italian mobiles start with 3
| and have 9–10 digits; foreign numbers must be written with their + prefix.
*/
export type PhoneCheck = { ok: true; e164: string } | { ok: false; error: string }

export function normalizeMobile(input: string): PhoneCheck {
  const compact = input.trim().replace(/[\s\-./()]/g, '')
  const international = compact.startsWith('00') ? `+${compact.slice(2)}` : compact
  if (/^\+39/.test(international)) return italian(international.slice(3))
  if (international.startsWith('+')) {
    return /^\+[1-9]\d{6,14}$/.test(international) ? { ok: true, e164: international } : { ok: false, error: 'Numero internazionale non valido: usi il prefisso + e solo cifre.' }
  }
  return italian(international)
}

function italian(national: string): PhoneCheck {
  if (!/^\d+$/.test(national)) return { ok: false, error: 'Il numero di cellulare deve contenere solo cifre.' }
  if (!national.startsWith('3')) return { ok: false, error: 'Non è un numero di cellulare italiano (deve iniziare con 3).' }
  if (national.length < 9 || national.length > 10) return { ok: false, error: 'Il numero di cellulare deve avere 9 o 10 cifre.' }
  return { ok: true, e164: `+39${national}` }
}
