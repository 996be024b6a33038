/*
| The rows of Gestione Studio as HTML. A page of a busy day has a hundred of them, and in Edge
| each row cost about thirty concatenations and twenty escapes: the biggest part of the page's
| time. One template literal a row, with an escape that leaves clean values untouched, writes
| the same markup several times faster. The rest of the page stays in Edge.
*/
import { translate } from '#services/i18n'
import type { DayRow } from '../queries/studio_day.js'

const SPECIAL = /[&<>"'`]/
const SPECIALS = /[&<>"'`]/g
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;' }

/** The same escaping as Edge's `{{ }}`. */
export function escapeHtml(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value)
  return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ENTITIES[c]) : text
}

/** States a doctor may still cancel from the list (the state panel says why the others cannot). */
const CANCELLABLE = new Set(['DRAFT', 'AWAITING_VALIDATION', 'VALIDATED', 'PENDING', 'REJECTED', 'ACCEPTED', 'DELIVERED'])

export interface DayRowsOptions {
  /** `/gestione-studio?medico=…&data=…&filtro=…`: the patient filter link adds to it. */
  dayUrl: string
  canCancel: boolean
}

function labels() {
  return {
    letterT: translate('prescriptions.letter_t_title'),
    letterC: translate('prescriptions.letter_c_title'),
    history: translate('prescriptions.history'),
    openChart: translate('prescriptions.open_chart'),
    print: translate('prescriptions.print'),
    awaitingPrint: translate('prescriptions.awaiting_print'),
    reason: translate('prescriptions.reason_label'),
    cancel: translate('prescriptions.cancel'),
  }
}

export function dayRowsHtml(rows: DayRow[], options: DayRowsOptions): string {
  const l = labels()
  const dayUrl = escapeHtml(options.dayUrl)
  let html = ''
  for (const r of rows) {
    const id = r.id
    const items = r.items.map((i) => `<div>${escapeHtml(i.description)} × ${i.quantity}</div>`).join('')
    const group = r.group.size > 1 ? `<small class="muted">${escapeHtml(translate('prescriptions.group', { i: r.group.index, n: r.group.size }))}</small>` : ''
    const nre = r.nre ? escapeHtml(r.nre) : ''
    const cancellable = options.canCancel && (CANCELLABLE.has(r.state) || (r.state === 'SENDING' && r.kind === 'ROSSA'))
    const patient = escapeHtml(r.patientName)
    html +=
      `<tr class="rx rx-${r.tone}" data-prescription-id="${id}" data-state="${r.state}">` +
      `<td><input type="checkbox" name="ids" value="${id}" aria-label="Seleziona"></td>` +
      `<td><span class="letter letter-${r.letter}" title="${escapeHtml(r.letter === 'C' ? l.letterC : l.letterT)}">${r.letter}</span></td>` +
      `<td>${escapeHtml(r.createdAt)}</td>` +
      `<td><a href="${dayUrl}&amp;paziente=${r.patientId}">${patient}</a><br><small class="muted">${escapeHtml(r.fiscalCode)}</small></td>` +
      `<td>${items}${group}</td>` +
      `<td><span class="${escapeHtml(r.badge)}">${escapeHtml(r.stateLabel)}</span>` +
      (nre ? `<br><small>NRE ${nre}</small>` : '') +
      (r.awaitingPrint ? `<br><small class="muted">${escapeHtml(l.awaitingPrint)}</small>` : '') +
      (r.cancelReason ? `<p class="field-error" data-testid="cancel-reason">${escapeHtml(l.reason)}: ${escapeHtml(r.cancelReason)}</p>` : '') +
      `</td><td class="row-actions"><a href="/gestione-studio/${id}">${escapeHtml(l.history)}</a> <a href="/pazienti/${r.patientId}/prescrizioni">${escapeHtml(l.openChart)}</a>` +
      (nre ? ` <a href="/gestione-studio/${id}/promemoria" target="_blank">${escapeHtml(l.print)}</a>` : '') +
      (cancellable ? ` <button type="button" class="link" data-cancel="${id}" data-patient="${patient}">${escapeHtml(l.cancel)}</button>` : '') +
      `</td></tr>\n`
  }
  return html
}
