import { test } from '@japa/runner'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { lockFileFor, removeServerLock, runningServer, writeServerLock } from '../../services/server_lock.js'
import { scratchDir } from '../support.js'

test.group('server lock', (group) => {
  let scratch: ReturnType<typeof scratchDir>
  group.each.setup(() => {
    scratch = scratchDir('lock')
    return () => scratch.remove()
  })

  test('one lock file per database: another database or schema is not "running"', ({ assert }) => {
    const a = lockFileFor({ dialect: 'sqlite', file: '/srv/a/studio.sqlite3' }, scratch.dir)
    const b = lockFileFor({ dialect: 'sqlite', file: '/srv/b/studio.sqlite3' }, scratch.dir)
    const c = lockFileFor({ dialect: 'mysql', connection: { host: 'h', port: 3306, user: 'u', password: 'p', database: 'studio' } }, scratch.dir)
    assert.notEqual(a, b)
    assert.notEqual(a, c)
    assert.notInclude(c, 'p@', 'no password in the name')
  })

  test('a lock left by a process that is gone does not block a restore', ({ assert }) => {
    const file = join(scratch.dir, 'server.pid')
    // The pid of a process that has already exited.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!
    writeServerLock(file, gone)
    assert.isNull(runningServer(file))

    // A live process (the parent of this test runner) does.
    writeServerLock(file, process.ppid)
    assert.equal(runningServer(file)?.pid, process.ppid)
  })

  test('a server removes only its own lock', ({ assert }) => {
    const file = join(scratch.dir, 'server.pid')
    writeServerLock(file, process.ppid)
    removeServerLock(file, process.pid)
    assert.isTrue(existsSync(file), 'a newer server’s lock stays')
    removeServerLock(file, process.ppid)
    assert.isFalse(existsSync(file))
  })
})
