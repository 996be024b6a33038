import { test } from '@japa/runner'
import { contentMatchesExtension } from '#services/chart/attachments/file_signature'
import { contentDisposition } from '#services/chart/attachments/content_disposition'
import { cleanFileName } from '#services/chart/attachments/store_attachment'

const exe = Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1')

test.group('attachment content checks', () => {
  test('pdf, png and jpg are recognised by their first bytes', ({ assert }) => {
    assert.isTrue(contentMatchesExtension('pdf', Buffer.from('%PDF-1.7\n')))
    assert.isTrue(contentMatchesExtension('PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])))
    assert.isTrue(contentMatchesExtension('jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0])))
    assert.isTrue(contentMatchesExtension('jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe1])))
  })

  test('an executable is refused whatever its extension', ({ assert }) => {
    for (const ext of ['pdf', 'png', 'jpg', 'txt', 'xml', 'dcm', 'exe']) assert.isFalse(contentMatchesExtension(ext, exe), ext)
  })

  test('text types must be text; XML must start with a tag', ({ assert }) => {
    assert.isTrue(contentMatchesExtension('txt', Buffer.from('Referto: nella norma')))
    assert.isTrue(contentMatchesExtension('xml', Buffer.from('\ufeff  <?xml version="1.0"?><a/>')))
    assert.isFalse(contentMatchesExtension('xml', Buffer.from('not xml')))
  })

  test('DICOM has its marker at byte 128', ({ assert }) => {
    const dicom = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.alloc(10)])
    assert.isTrue(contentMatchesExtension('dcm', dicom))
    assert.isFalse(contentMatchesExtension('dcm', Buffer.alloc(200)))
  })

  test('file names lose folders and control characters; the download header keeps accents', ({ assert }) => {
    assert.equal(cleanFileName('C:\\Users\\x\\referto.pdf'), 'referto.pdf')
    assert.equal(cleanFileName('../../etc/"pass\nwd".txt'), 'passwd.txt')
    assert.equal(cleanFileName(''), 'allegato')
    const header = contentDisposition('ecografia però.pdf')
    assert.equal(header, `attachment; filename="ecografia pero.pdf"; filename*=UTF-8''ecografia%20per%C3%B2.pdf`)
  })
})
