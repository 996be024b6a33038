// Small page behaviours shared by every staff page. htmx and Alpine do the rest.

// htmx 4 swaps 4xx bodies: a 422 carries the form fragment with its field errors.
document.addEventListener('htmx:config:request', (event) => {
  const token = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content')
  if (token && event.detail?.ctx?.request?.headers) {
    event.detail.ctx.request.headers['X-CSRF-TOKEN'] = token
  }
})
