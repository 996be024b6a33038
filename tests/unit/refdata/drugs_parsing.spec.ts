import { test } from '@japa/runner'
import { euroCents } from '#services/refdata/euro_cents'
import { classFromFileName, detectDrugDialect, headerKey, normalizeAic, splitNameAndPack } from '#services/refdata/datasets/drugs'

test.group('AIFA file parsing', () => {
  test('prices as the lists print them become cents; an empty cell is no price, text is not a price', ({ assert }) => {
    assert.equal(euroCents('5,63 €'), 563)
    assert.equal(euroCents('5,63'), 563)
    assert.equal(euroCents('€ 1.234,50'), 123450)
    assert.equal(euroCents('12.5'), 1250)
    assert.equal(euroCents('7'), 700)
    assert.isNull(euroCents(' '))
    assert.isNaN(euroCents('n.d.'))
    assert.isNaN(euroCents('5,6,3'))
  })

  test('AIC codes are 9-digit strings: leading zeros put back, anything else refused', ({ assert }) => {
    assert.equal(normalizeAic('24840074'), '024840074')
    assert.equal(normalizeAic('367045'), '000367045')
    assert.equal(normalizeAic('033007042'), '033007042')
    assert.equal(normalizeAic('A033007042'), '033007042')
    assert.isNull(normalizeAic('12AB45'))
    assert.isNull(normalizeAic('12345'))
    assert.isNull(normalizeAic('0330070421'))
  })

  test('header cells are compared without case, accents, euro sign and punctuation', ({ assert }) => {
    assert.equal(headerKey('Prezzo al pubblico €'), 'prezzo_al_pubblico')
    assert.equal(headerKey('X=in lista di trasparenza Aifa 15/01/2025'), 'x_in_lista_di_trasparenza_aifa_15_01_2025')
    assert.equal(headerKey('Solo in lista di Regione:'), 'solo_in_lista_di_regione')
    assert.equal(headerKey('UNITÀ_MISURA'), 'unita_misura')
  })

  test('the dialect is told by the header', ({ assert }) => {
    const lower = (line: string) => line.split(';').map((h) => h.trim().toLowerCase())
    assert.equal(detectDrugDialect(lower('aic;denominazione;atc;gruppo_equivalenza')), 'equivalents')
    assert.equal(
      detectDrugDialect(lower('Principio attivo;Confezione di riferimento;ATC;AIC;Farmaco;Confezione;Ditta;Prezzo riferimento SSN;Prezzo Pubblico 15/01/2025;Differenza;Nota;Codice gruppo equivalenza')),
      'transparency'
    )
    assert.equal(
      detectDrugDialect(lower('Principio Attivo;Descrizione Gruppo Equivalenza;Denominazione e Confezione;Prezzo al pubblico €;Titolare AIC;Codice AIC;Codice Gruppo Equivalenza')),
      'classList'
    )
    assert.equal(detectDrugDialect(lower('CODICE_AIC;COD_FARMACO;COD_CONFEZIONE;DENOMINAZIONE;DESCRIZIONE;CODICE_DITTA;RAGIONE_SOCIALE')), 'anagrafica')
    assert.equal(detectDrugDialect(lower('CODICE_AIC;PRINCIPIO_ATTIVO;QUANTITA;UNITA_MISURA')), 'ingredients')
    assert.equal(detectDrugDialect(lower('aic;name;pack;class;public_price')), 'project')
    assert.isNull(detectDrugDialect(lower('codice;descrizione')))
  })

  test('class lists: name and pack split at the star, the class read from the file name', ({ assert }) => {
    assert.deepEqual(splitNameAndPack('TORVAST*30 cpr riv 10 mg'), { name: 'TORVAST', pack: '30 cpr riv 10 mg' })
    assert.deepEqual(splitNameAndPack('FOLINA'), { name: 'FOLINA', pack: null })
    assert.equal(classFromFileName('/tmp/Classe_A_per_nome_commerciale_15-01-2025.csv'), 'A')
    assert.equal(classFromFileName('Classe_H_per_principio_attivo_15-01-2025.csv'), 'H')
    assert.equal(classFromFileName('classe-h.csv'), 'H')
    assert.isNull(classFromFileName('Lista_farmaci_equivalenti.csv'))
  })
})
