// Small page behaviours shared by every staff page. htmx and Alpine do the rest.

// htmx 4 swaps 4xx bodies: a 422 carries the form fragment with its field errors.
document.addEventListener('htmx:config:request', (event) => {
  const token = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content')
  if (token && event.detail?.ctx?.request?.headers) {
    event.detail.ctx.request.headers['X-CSRF-TOKEN'] = token
  }
})

// A live refresh must not undo what the user was doing in the section it replaces (marked
// data-keep-choices): each box the new content shares with the old (same name and value) keeps
// the tick the user left, each text field (same name and form) what he typed, each details
// (same data-keep) whether it was open; the field he was typing in keeps the focus. What the
// new content adds comes as the server wrote it.
function choiceKey(element) {
  if (element.matches('input[type=checkbox][name]')) return `box ${element.name} ${element.value}`
  if (element.matches('input[name]:not([type=hidden]):not([type=checkbox]):not([type=radio]), textarea[name]')) {
    return `text ${element.name} ${element.getAttribute('form') ?? ''} ${element.id}`
  }
  if (element.matches('details[data-keep]')) return `details ${element.dataset.keep}`
  return null
}
const CHOICES = 'input[name], textarea[name], details[data-keep]'
let refocus = null

document.addEventListener('htmx:before:swap', (event) => {
  for (const task of event.detail?.tasks ?? []) {
    const target = typeof task.target === 'string' ? document.querySelector(task.target) : task.target
    if (!(target instanceof Element) || !target.matches('[data-keep-choices]') || !task.fragment) continue
    const chosen = new Map()
    for (const element of target.querySelectorAll(CHOICES)) {
      const key = choiceKey(element)
      if (key) chosen.set(key, element)
    }
    for (const element of task.fragment.querySelectorAll(CHOICES)) {
      const old = chosen.get(choiceKey(element))
      if (!old) continue
      if (element.type === 'checkbox') element.checked = old.checked
      else if (element.tagName === 'DETAILS') element.open = old.open
      else element.value = old.value
    }
    const active = document.activeElement
    if (active && target.contains(active) && choiceKey(active)) {
      refocus = { key: choiceKey(active), start: active.selectionStart ?? null, end: active.selectionEnd ?? null }
    }
  }
})

document.addEventListener('htmx:after:swap', () => {
  if (!refocus) return
  const { key, start, end } = refocus
  refocus = null
  const fields = [...document.querySelectorAll('[data-keep-choices]')].flatMap((section) => [...section.querySelectorAll(CHOICES)])
  const again = fields.find((element) => choiceKey(element) === key)
  if (!again) return
  again.focus()
  if (start !== null && typeof again.setSelectionRange === 'function') again.setSelectionRange(start, end)
})
