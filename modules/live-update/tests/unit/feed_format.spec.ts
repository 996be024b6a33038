import { test } from '@japa/runner'
import { createPublicKey } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { DATASET_KEYS } from '#services/refdata/dataset'
import { readBundle, writeBundle } from '../../services/bundle.js'
import { keyOfFile } from '../../services/build_feed.js'
import { compareVersions, isNewer, parseManifest } from '../../services/feed_format.js'
import { generateFeedKey, parsePublicKey, signManifest, verifyManifest } from '../../services/signature.js'
import { isUpdateError } from '../../services/update_error.js'

test.group('live update: signature', () => {
  test('a manifest signed with the feed key verifies with the raw or the PEM public key', ({ assert }) => {
    const key = generateFeedKey()
    const manifest = Buffer.from('{"format":1,"components":[]}')
    const signature = signManifest(manifest, key.privateKeyPem)
    verifyManifest(manifest, signature, parsePublicKey(key.publicKey))
    const pem = parsePublicKey(key.publicKey).export({ format: 'pem', type: 'spki' }).toString()
    verifyManifest(manifest, signature, parsePublicKey(pem))
    assert.equal(createPublicKey(pem).asymmetricKeyType, 'ed25519')
  })

  test('one changed byte, another key or a garbled signature is refused as bad_signature', ({ assert }) => {
    const key = generateFeedKey()
    const other = generateFeedKey()
    const manifest = Buffer.from('{"format":1,"components":[]}')
    const signature = signManifest(manifest, key.privateKeyPem)
    const attempts = [
      () => verifyManifest(Buffer.from('{"format":1,"components":[] }'), signature, parsePublicKey(key.publicKey)),
      () => verifyManifest(manifest, signature, parsePublicKey(other.publicKey)),
      () => verifyManifest(manifest, 'non-una-firma', parsePublicKey(key.publicKey)),
    ]
    for (const attempt of attempts) {
      assert.throws(attempt)
      try {
        attempt()
      } catch (error) {
        assert.isTrue(isUpdateError(error, 'bad_signature'))
        assert.include((error as Error).message, 'Firma del manifest non valida')
      }
    }
  })

  test('a public key that is not Ed25519 is reported in Italian', ({ assert }) => {
    assert.throws(() => parsePublicKey('abc'), /non è una chiave Ed25519 valida/)
  })
})

test.group('live update: manifest and bundles', () => {
  test('the manifest must list well-formed components, each key once', ({ assert }) => {
    const component = { key: 'asl', version: '1', url: 'asl.ndjson.gz', sha256: 'a'.repeat(64), size: 10 }
    const ok = parseManifest(Buffer.from(JSON.stringify({ format: 1, components: [component] })))
    assert.equal(ok.components[0].min_app_version, null)
    assert.throws(() => parseManifest(Buffer.from(JSON.stringify({ components: [component, component] }))), /compare due volte/)
    assert.throws(() => parseManifest(Buffer.from(JSON.stringify({ components: [{ ...component, sha256: 'xyz' }] }))), /sha256 non valido/)
    assert.throws(() => parseManifest(Buffer.from('non json')), /Manifest del feed non valido/)
  })

  test('versions: different content means newer, numeric versions never go back', ({ assert }) => {
    assert.isTrue(isNewer('2007-abc', null))
    assert.isFalse(isNewer('2007-abc', '2007-abc'))
    assert.isTrue(isNewer('2007-def', '2007-abc'))
    assert.isTrue(isNewer('2025.10.2', '2025.9.30'))
    assert.isFalse(isNewer('2025.01.1', '2025.03.1'))
    assert.equal(compareVersions('0.1.0', '0.2'), -1)
  })

  test('a bundle round-trips; undeclared columns and nested values are refused', ({ assert }) => {
    const gz = writeBundle(
      { key: 'asl', version: 'v1', source: null, licence: 'L', attribution: 'A', source_sha256: null },
      [{ table: 'asl', keyColumns: ['code6'], rows: [{ code6: '120201', name: 'ROMA 1', valid_to: null }] }]
    )
    const bundle = readBundle(gz)
    assert.deepEqual(bundle.tables[0].rows, [{ code6: '120201', name: 'ROMA 1', valid_to: null }])
    assert.equal(bundle.header.rows, 1)

    const header = JSON.stringify({ key: 'asl', version: 'v1', tables: [{ name: 'asl', key_columns: ['code6'], columns: ['code6'] }] })
    assert.throws(() => readBundle(gzipSync(`${header}\n{"code6":"1","is_admin":1}\n`)), /colonna is_admin non dichiarata/)
    assert.throws(() => readBundle(gzipSync(`${header}\n{"code6":{"a":1}}\n`)), /valore non ammesso/)
    assert.throws(() => readBundle(Buffer.from('not gzip')), /non è un file gzip valido/)
  })

  test("a table's scope travels in the bundle: one region's catalogue leaves the others alone", ({ assert }) => {
    const rows = [{ region: 'lazio', regional_code: '89.7', description: 'VISITA' }]
    const gz = writeBundle(
      { key: 'catalogue', version: 'v1', source: null, licence: 'L', attribution: 'A', source_sha256: null },
      [{ table: 'catalogue_items', keyColumns: ['region', 'regional_code'], rows, scope: { region: ['lazio'] } }]
    )
    assert.deepEqual(readBundle(gz).tables[0].scope, { region: ['lazio'] })
    const header = JSON.stringify({ key: 'catalogue', version: 'v1', tables: [{ name: 'catalogue_items', key_columns: ['region'], columns: ['region'], scope: { region: 'lazio' } }] })
    assert.throws(() => readBundle(gzipSync(`${header}
{"region":"lazio"}
`)), /ambito/)
  })

  test('data files map to the datasets the core knows, whatever they are', ({ assert }) => {
    assert.equal(keyOfFile('icd9cm-diagnosi.csv'), 'icd9cm')
    assert.equal(keyOfFile('asl.csv'), 'asl')
    assert.equal(keyOfFile('messages.json'), 'messages')
    assert.equal(keyOfFile('dss_rules.json'), 'dss_rules')
    assert.isNull(keyOfFile('atc.csv'))
    assert.isNull(keyOfFile('README.md'))
    for (const key of DATASET_KEYS) assert.equal(keyOfFile(`${key}.csv`), key)
    if ((DATASET_KEYS as string[]).includes('drugs')) assert.equal(keyOfFile('farmaci-equivalenti.csv'), 'drugs')
    if ((DATASET_KEYS as string[]).includes('catalogue')) assert.equal(keyOfFile('catalogo-nazionale-prestazioni.csv'), 'catalogue')
  })
})
