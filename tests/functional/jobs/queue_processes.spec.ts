import { test } from '@japa/runner'
import { spawn } from 'node:child_process'
import app from '@adonisjs/core/services/app'
import { Queue } from 'bullmq'
import { aceInChild, serverInChild } from '#tests/helpers/child_app'
import { clearTestRedis, closedPort, TEST_PREFIX, waitFor } from '#tests/unit/jobs/support/test_jobs'

test.group('job queue in other processes', (group) => {
  group.each.teardown(() => clearTestRedis())

  test('/health reports the queue down when REDIS_HOST points to a closed port', async ({ assert }) => {
    const server = await serverInChild(await closedPort(), {
      REDIS_HOST: '127.0.0.1',
      REDIS_PORT: String(await closedPort()),
    })
    try {
      const response = await fetch(`${server.baseUrl}/health`)
      assert.equal(response.status, 503)
      const body = (await response.json()) as { status: string; queue: string; db: string }
      assert.equal(body.queue, 'down')
      assert.equal(body.status, 'degraded')
      assert.equal(body.db, 'ok')
    } finally {
      await server.stop()
    }
  }).timeout(120_000)

  test('/health reports the queue ok when Redis answers', async ({ assert }) => {
    const server = await serverInChild(await closedPort(), { REDIS_HOST: '127.0.0.1', QUEUE_PREFIX: TEST_PREFIX })
    try {
      const body = (await (await fetch(`${server.baseUrl}/health`)).json()) as { queue: string }
      assert.equal(body.queue, 'ok')
    } finally {
      await server.stop()
    }
  }).timeout(120_000)

  test('node ace queue:work runs the queued jobs until stopped', async ({ assert }) => {
    const queue = new Queue('core', { connection: { host: '127.0.0.1', port: 6379 }, prefix: TEST_PREFIX })
    const job = await queue.add('core.noop', {})
    const worker = spawn(process.execPath, ['ace.js', 'queue:work', '--concurrency=2'], {
      cwd: app.makePath(),
      env: { ...process.env, NODE_ENV: 'test', REDIS_HOST: '127.0.0.1', QUEUE_PREFIX: TEST_PREFIX },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    worker.stdout.on('data', (d) => (output += d))
    worker.stderr.on('data', (d) => (output += d))
    try {
      await waitFor(async () => (await job.getState()) === 'completed', 30_000)
      assert.match(output, /Worker avviati per le code [^\n]*core/)
    } finally {
      const exited = new Promise<number | null>((resolve) => worker.once('exit', (code) => resolve(code)))
      worker.kill('SIGTERM')
      assert.equal(await exited, 0, output)
      await queue.close()
    }
  }).timeout(120_000)

  test('node ace queue:work refuses to start without REDIS_HOST', async ({ assert }) => {
    const error = await aceInChild(['queue:work'], { REDIS_HOST: '' }).catch((e) => e)
    assert.equal(error.code, 1)
    assert.include(error.stdout + error.stderr, 'REDIS_HOST non è impostato')
  }).timeout(120_000)
})
