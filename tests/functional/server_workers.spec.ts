import { test } from '@japa/runner'
import http from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { serverInChild } from '#tests/helpers/child_app'
import { clearTestRedis, closedPort, TEST_PREFIX } from '#tests/unit/jobs/support/test_jobs'

/** The worker that answers /health on a new connection (the primary hands out connections, not requests). */
function workerOf(baseUrl: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    http
      .get(`${baseUrl}/health`, { agent: false }, (res) => {
        let body = ''
        res.on('data', (d) => (body += d))
        res.on('end', () => resolve((JSON.parse(body) as { worker?: number }).worker))
      })
      .on('error', reject)
  })
}

test.group('production server on several processes', (group) => {
  group.each.teardown(() => clearTestRedis())

  test('STUDIO_WORKERS=2 with Redis: two processes answer on the same port, and SIGTERM stops them all', async ({ assert }) => {
    const port = await closedPort()
    const server = await serverInChild(port, { STUDIO_WORKERS: '2', REDIS_HOST: '127.0.0.1', QUEUE_PREFIX: TEST_PREFIX })
    const seen = new Set<number>()
    try {
      const deadline = Date.now() + 60_000
      while (seen.size < 2 && Date.now() < deadline) {
        const worker = await workerOf(server.baseUrl).catch(() => undefined)
        if (worker) seen.add(worker)
        else await sleep(100)
      }
      assert.equal(seen.size, 2, `workers that answered: ${[...seen].join(', ')}`)
    } finally {
      await server.stop()
    }
    const after = await fetch(`http://127.0.0.1:${port}/health`).then(() => 'answered', () => 'closed')
    assert.equal(after, 'closed', 'no worker outlives the primary')
  }).timeout(120_000)

  test('STUDIO_WORKERS=2 without Redis: one process, and the log says why', async ({ assert }) => {
    const server = await serverInChild(await closedPort(), { STUDIO_WORKERS: '2', REDIS_HOST: '' })
    try {
      assert.isUndefined(await workerOf(server.baseUrl))
      assert.include(server.output(), 'richiede REDIS_HOST')
    } finally {
      await server.stop()
    }
  }).timeout(120_000)
})
