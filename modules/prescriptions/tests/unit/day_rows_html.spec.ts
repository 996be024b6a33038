import { test } from '@japa/runner'
import * as cheerio from 'cheerio'
import { dayRowsHtml, escapeHtml } from '../../presenters/day_rows_html.js'
import type { DayRow } from '../../queries/studio_day.js'

const row = (overrides: Partial<DayRow> = {}): DayRow => ({
  id: 7,
  state: 'ACCEPTED',
  stateLabel: 'Accettata',
  badge: 'badge ok',
  kind: 'DEM_FARMACEUTICA',
  letter: 'C',
  tone: 'done',
  patientId: 12,
  patientName: 'Rossi Mario',
  fiscalCode: 'RSSMRA85T10A562S',
  preparedBy: 'Neri Anna',
  createdAt: '09:41',
  nre: '1200A4000000007',
  awaitingPrint: true,
  cancelReason: null,
  group: { index: 1, size: 2 },
  items: [{ description: 'AUGMENTIN*12CPR RIV 875MG+125MG', quantity: 2 }],
  ...overrides,
})

const render = (rows: DayRow[], canCancel = true) => cheerio.load(`<table><tbody>${dayRowsHtml(rows, { dayUrl: '/gestione-studio?medico=3&data=2026-12-01&filtro=tutte', canCancel })}</tbody></table>`)

test.group('Gestione Studio rows presenter', () => {
  test('escapes like Edge: clean values untouched, markup characters as entities', ({ assert }) => {
    assert.equal(escapeHtml('Rossi Mario'), 'Rossi Mario')
    assert.equal(escapeHtml(`<b>"D'Amico" & \`x\`</b>`), '&lt;b&gt;&quot;D&#x27;Amico&quot; &amp; &#x60;x&#x60;&lt;/b&gt;')
    assert.equal(escapeHtml(null), '')
    const $ = render([row({ patientName: `D'Amico <script>alert(1)</script>`, cancelReason: '<img src=x onerror=alert(1)>' })])
    assert.lengthOf($('script, img'), 0)
    assert.include($('td a').first().text(), "D'Amico <script>alert(1)</script>")
    assert.include($('[data-testid="cancel-reason"]').text(), '<img src=x onerror=alert(1)>')
  })

  test('a row carries what the list shows: letter, time, patient filter, items, group, state, NRE, actions', ({ assert }) => {
    const $ = render([row()])
    const tr = $('tr[data-prescription-id="7"]')
    assert.equal(tr.attr('data-state'), 'ACCEPTED')
    assert.equal(tr.find('.letter').text(), 'C')
    assert.equal(tr.find('.letter').attr('title'), 'Preparata dal personale di studio')
    assert.equal(tr.find('td a').first().attr('href'), '/gestione-studio?medico=3&data=2026-12-01&filtro=tutte&paziente=12')
    assert.include(tr.text(), 'AUGMENTIN*12CPR RIV 875MG+125MG × 2')
    assert.include(tr.text(), 'Ricetta 1 di 2')
    assert.include(tr.text(), 'NRE 1200A4000000007')
    assert.include(tr.text(), 'da stampare')
    assert.equal(tr.find('a[href="/gestione-studio/7/promemoria"]').length, 1)
    assert.equal(tr.find('[data-cancel="7"]').attr('data-patient'), 'Rossi Mario')
  })

  test('cancel only for a doctor and only in a cancellable state; a printed red sheet too', ({ assert }) => {
    assert.lengthOf(render([row()], false)('[data-cancel]'), 0)
    assert.lengthOf(render([row({ state: 'DISPENSED' })])('[data-cancel]'), 0)
    assert.lengthOf(render([row({ state: 'SENDING' })])('[data-cancel]'), 0)
    assert.lengthOf(render([row({ state: 'SENDING', kind: 'ROSSA', nre: null })])('[data-cancel]'), 1)
    assert.lengthOf(render([row({ nre: null })])('a[href$="/promemoria"]'), 0)
  })
})
