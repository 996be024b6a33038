import { test } from '@japa/runner'
import { adapterFor, describeAdapter, isSupported } from '../../adapters/registry.js'
import { SAR_REGIONS } from '../../adapters/sar_regions.js'
import { NotYetSupportedPlugin } from '../../adapters/not_yet_supported.js'
import { UmbriaPlugin } from '../../adapters/umbria/umbria_plugin.js'
import { FvgPlugin } from '../../adapters/fvg/fvg_plugin.js'
import { doctor, prescription } from '../support/umbria.js'
import moduleDefinition from '../../module.js'

test.group('SAR regions not yet supported', () => {
  test('a SAR region without an adapter says so in Italian and sends nothing', async ({ assert }) => {
    const plugin = adapterFor('lombardia', {})
    assert.instanceOf(plugin, NotYetSupportedPlugin)
    assert.equal(plugin.id, 'sar-lombardia')
    await assert.rejects(
      () => plugin.send(prescription(), doctor({ regionCode: '030' })),
      'La regione Lombardia usa un proprio sistema di accoglienza (SAR) non ancora supportato: le ricette restano in attesa.'
    )
    await assert.rejects(() => plugin.cancel('0300A0000000100', doctor()), /non ancora supportato/)
    const view = await plugin.view('0300A0000000100', doctor())
    assert.isFalse(view.found)
    assert.match(view.messages[0].text, /non ancora supportato/)
    assert.match(describeAdapter(plugin), /NON SUPPORTATO/)
  })

  test('every SAR region is loaded by the module and gets an adapter, never a fallback', ({ assert }) => {
    for (const region of SAR_REGIONS) {
      assert.include(moduleDefinition.regions!, region.key)
      const plugin = adapterFor(region.key, {})
      if (region.key === 'umbria') assert.instanceOf(plugin, UmbriaPlugin)
      else if (region.key === 'friuli-venezia-giulia') assert.instanceOf(plugin, FvgPlugin)
      else {
        assert.instanceOf(plugin, NotYetSupportedPlugin)
        assert.include((plugin as NotYetSupportedPlugin).message, region.name)
        assert.isFalse(isSupported(region.key))
      }
    }
    assert.throws(() => adapterFor('lazio', {}), /non usa un sistema di accoglienza regionale/)
  })

  test('Umbria without its settings waits with the reason instead of sending', async ({ assert }) => {
    const plugin = adapterFor('umbria', {})
    await assert.rejects(() => plugin.send(prescription(), doctor()), /Servizio SAR Umbria non configurato \(mancano SAR_UMBRIA_URL, SAR_UMBRIA_JWT_KEY\)/)
    assert.match(describeAdapter(plugin), /sar-umbria attivo/)
  })

  test('Friuli Venezia Giulia without its settings waits with the reason instead of sending', async ({ assert }) => {
    const plugin = adapterFor('friuli-venezia-giulia', {})
    assert.isTrue(isSupported('friuli-venezia-giulia'))
    await assert.rejects(
      () => plugin.send(prescription(), doctor({ regionCode: '060' })),
      /Servizio SAR del Friuli Venezia Giulia non configurato \(mancano SAR_FVG_URL, SAR_FVG_CERT, SAR_FVG_KEY, SAR_FVG_PRODUCT_CODE, SAR_FVG_CF_CERT\)/
    )
    assert.match(describeAdapter(plugin), /sar-fvg attivo \(regione 060\)/)
  })
})
