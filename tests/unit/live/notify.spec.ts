import { test } from '@japa/runner'
import transmit from '@adonisjs/transmit/services/main'
import { notify, notifyStudio } from '#services/live/notify'

function captureBroadcasts() {
  const sent: Array<{ channel: string; payload: unknown }> = []
  const stop = transmit.on('broadcast', (message) => {
    sent.push(message as { channel: string; payload: unknown })
  })
  return { sent, stop }
}

test.group('live notify', () => {
  test('publishes the event on the channels of the given users and roles', async ({ assert }) => {
    const { sent, stop } = captureBroadcasts()
    const channels = notify({ user: [3, 4], role: 'titolare' }, 'agenda:changed', { appointmentId: 9 })
    await new Promise((resolve) => setImmediate(resolve))
    stop()
    assert.deepEqual(channels, ['users/3', 'users/4', 'roles/titolare'])
    assert.deepEqual(sent, [
      { channel: 'users/3', payload: { event: 'agenda:changed', data: { appointmentId: 9 } } },
      { channel: 'users/4', payload: { event: 'agenda:changed', data: { appointmentId: 9 } } },
      { channel: 'roles/titolare', payload: { event: 'agenda:changed', data: { appointmentId: 9 } } },
    ])
  })

  test('notifyStudio reaches every role', ({ assert }) => {
    assert.deepEqual(notifyStudio('studio:changed'), [
      'roles/admin',
      'roles/titolare',
      'roles/sostituto',
      'roles/collaboratore',
    ])
  })

  test('refuses event names htmx cannot listen to and payloads that are records, not ids', ({ assert }) => {
    assert.throws(() => notify({ user: 1 }, 'Studio Changed'), /area:what-happened/)
    assert.throws(() => notify({ user: 1 }, 'studio:changed', { notes: 'x'.repeat(2000) }), /under 1 KB/)
  })
})
