/*
| State of the job queue as /health reports it. Without REDIS_HOST jobs run in-process
| ('inline'); the platform job service replaces the Redis probe with its own.
*/
import net from 'node:net'
import env from '#start/env'

export async function queueState(): Promise<'ok' | 'inline' | 'down'> {
  const host = env.get('REDIS_HOST')
  if (!host) return 'inline'
  const port = env.get('REDIS_PORT', 6379)
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 500 })
    socket.once('connect', () => {
      socket.write('PING\r\n')
    })
    socket.once('data', (data) => {
      socket.destroy()
      resolve(data.toString().startsWith('+PONG') ? 'ok' : 'down')
    })
    socket.once('timeout', () => {
      socket.destroy()
      resolve('down')
    })
    socket.once('error', () => resolve('down'))
  })
}
