// Live notifications for signed-in pages. The server publishes small events on the user's
// channels (users/<id>, roles/<role>, listed by the layout on this script tag); each one
// becomes htmx.trigger(document.body, '<event>'), so any element with
// hx-trigger="<event> from:body" refetches itself. No HTML travels over the stream.
import { Transmit } from '/vendor/transmit-client.js'

const script = document.querySelector('script[data-live-channels]')
const channels = (script?.dataset.liveChannels ?? '').split(/\s+/).filter(Boolean)

// The subscribe call is a POST: without the CSRF header shield refuses it (403) silently.
function withCsrf(request) {
  const token = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content')
  if (token) request.headers.set('X-CSRF-TOKEN', token)
}

function trigger(message) {
  if (!message || typeof message.event !== 'string' || !window.htmx) return
  // The payload goes under `live`: htmx drops an event whose detail carries `cancelled: true`.
  window.htmx.trigger(document.body, message.event, { live: message.data ?? {} })
}

if (channels.length && 'EventSource' in window) {
  const transmit = new Transmit({
    baseUrl: window.location.origin,
    beforeSubscribe: withCsrf,
    beforeUnsubscribe: withCsrf,
    maxReconnectAttempts: 10,
  })
  const subscriptions = channels.map((channel) => {
    const subscription = transmit.subscription(channel)
    subscription.onMessage(trigger)
    return subscription
  })
  // data-live="ready" tells (tests, curious developers) that every channel is listened to.
  // `live:ready` lets a live element fetch itself once more: whatever changed between the
  // server rendering the page and the stream being open was announced to nobody.
  Promise.all(subscriptions.map((s) => s.create())).then(() => {
    document.body.dataset.live = subscriptions.every((s) => s.isCreated) ? 'ready' : 'partial'
    window.htmx?.trigger(document.body, 'live:ready', {})
  })
}
