import { test } from '@japa/runner'
import { Edge } from 'edge.js'
import { renderWithFragments } from '#services/view_fragments'

function views() {
  const edge = Edge.create()
  edge.registerTemplate('page', { template: '<main><h1>{{ title }}</h1><table>{{{ rowsHtml }}}</table><p>{{ note }}</p></main>' })
  edge.registerTemplate('empty', { template: '<main>{{ title }}</main>' })
  return { render: (name: string, data: any) => edge.render(name, data) } as any
}

test.group('Markup put into a page after Edge', () => {
  test('the fragment lands where the template printed it, once, untouched', async ({ assert }) => {
    const rows = '<tr><td>Rossi &amp; figli</td></tr>\n'.repeat(3)
    const html = await renderWithFragments(views(), 'page', { title: 'Giornata', note: 'fine' }, { rowsHtml: rows })
    assert.equal(html, `<main><h1>Giornata</h1><table>${rows}</table><p>fine</p></main>`)
  })

  test('text that looks like a mark stays text: escaped, and never replaced', async ({ assert }) => {
    const html = await renderWithFragments(views(), 'page', { title: '<!--fragment:rowsHtml:x-->', note: '$& $1' }, { rowsHtml: '<tr>$&</tr>' })
    assert.include(html, '&lt;!--fragment:rowsHtml:x--&gt;')
    assert.include(html, '<table><tr>$&</tr></table>')
    assert.include(html, '<p>$&amp; $1</p>')
  })

  test('a template that does not print the fragment renders as it is', async ({ assert }) => {
    assert.equal(await renderWithFragments(views(), 'empty', { title: 'Vuota' }, { rowsHtml: '<tr></tr>' }), '<main>Vuota</main>')
  })
})
