/*
| Word lists for the demo studio: common Italian names, real comuni (codice catastale),
| common general-practice diagnoses (ICD9-CM) with the therapies that usually go with them.
*/
export const SURNAMES = [
  'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco',
  'Bruno', 'Gallo', 'Conti', 'De Luca', 'Mancini', 'Costa', 'Giordano', 'Rizzo', 'Lombardi', 'Moretti',
  'Barbieri', 'Fontana', 'Santoro', 'Mariani', 'Rinaldi', 'Caruso', 'Ferrara', 'Galli', 'Martini', 'Leone',
  'Longo', 'Gentile', 'Martinelli', 'Vitale', 'Lombardo', 'Serra', 'Coppola', 'De Santis', "D'Angelo", 'Marchetti',
  'Parisi', 'Villa', 'Conte', 'Ferraro', 'Ferri', 'Fabbri', 'Bianco', 'Marini', 'Grasso', 'Valentini',
  'Messina', 'Sala', 'De Angelis', 'Gatti', 'Pellegrini', 'Palumbo', 'Sanna', 'Farina', 'Rizzi', 'Monti',
  'Cattaneo', 'Morelli', 'Amato', 'Silvestri', 'Mazza', 'Testa', 'Grassi', 'Pellegrino', 'Carbone', 'Giuliani',
  'Benedetti', 'Barone', 'Rossetti', 'Caputo', 'Montanari', 'Guerra', 'Palmieri', 'Bernardi', 'Martino', 'Fiore',
  "Dell'Aquila", 'Sartori', 'Orlando', 'Neri', 'Cirillo', 'Riva', 'Fumagalli', 'Pagano', 'Piras', 'Nicolò',
]

export const MALE_NAMES = [
  'Marco', 'Giuseppe', 'Giovanni', 'Antonio', 'Mario', 'Luigi', 'Francesco', 'Alessandro', 'Andrea', 'Luca',
  'Stefano', 'Roberto', 'Paolo', 'Davide', 'Matteo', 'Lorenzo', 'Simone', 'Fabio', 'Massimo', 'Salvatore',
  'Giorgio', 'Vincenzo', 'Franco', 'Sergio', 'Claudio', 'Enrico', 'Riccardo', 'Pietro', 'Leonardo', 'Tommaso',
]

export const FEMALE_NAMES = [
  'Maria', 'Anna', 'Giulia', 'Francesca', 'Laura', 'Sara', 'Chiara', 'Elena', 'Valentina', 'Alessandra',
  'Paola', 'Silvia', 'Federica', 'Martina', 'Giovanna', 'Rosa', 'Angela', 'Teresa', 'Lucia', 'Simona',
  'Roberta', 'Cristina', 'Barbara', 'Sofia', 'Aurora', 'Alice', 'Emma', 'Caterina', 'Serena', 'Nicoletta',
]

/** Real comuni with their codice catastale and province. */
export const COMUNI = [
  ['H501', 'Roma', 'RM'], ['F205', 'Milano', 'MI'], ['F839', 'Napoli', 'NA'], ['L219', 'Torino', 'TO'],
  ['G273', 'Palermo', 'PA'], ['D969', 'Genova', 'GE'], ['A944', 'Bologna', 'BO'], ['D612', 'Firenze', 'FI'],
  ['A662', 'Bari', 'BA'], ['C351', 'Catania', 'CT'], ['L736', 'Venezia', 'VE'], ['L781', 'Verona', 'VR'],
  ['M082', 'Viterbo', 'VT'], ['E472', 'Latina', 'LT'], ['D810', 'Frosinone', 'FR'], ['H282', 'Rieti', 'RI'],
  ['G702', 'Pisa', 'PI'], ['C933', 'Como', 'CO'], ['G224', 'Padova', 'PD'], ['L424', 'Trieste', 'TS'],
] as const

export const STREETS = ['Via Roma', 'Via Garibaldi', 'Via Mazzini', 'Corso Italia', 'Via Verdi', 'Piazza Dante', 'Via Cavour', 'Via Appia Nuova', 'Via Tuscolana', 'Viale Europa']

export interface DemoCondition {
  code: string
  description: string
  chronic: boolean
  /** Share of adult patients with it. */
  weight: number
  therapies: { drug: string; aic: string; ingredient: string; posology: string }[]
  exemption?: string
}

export const CONDITIONS: DemoCondition[] = [
  { code: '401.9', description: 'IPERTENSIONE ESSENZIALE NON SPECIFICATA', chronic: true, weight: 0.3, exemption: '031',
    therapies: [{ drug: 'RAMIPRIL 5 mg 28 compresse', aic: '026969037', ingredient: 'ramipril', posology: '1 cp al mattino' },
      { drug: 'AMLODIPINA 10 mg 28 compresse', aic: '027428054', ingredient: 'amlodipina', posology: '1 cp la sera' }] },
  { code: '250.00', description: 'DIABETE MELLITO TIPO II SENZA COMPLICAZIONI', chronic: true, weight: 0.1, exemption: '013',
    therapies: [{ drug: 'METFORMINA 1000 mg 60 compresse', aic: '024601048', ingredient: 'metformina', posology: '1 cp a pranzo e a cena' }] },
  { code: '272.0', description: 'IPERCOLESTEROLEMIA PURA', chronic: true, weight: 0.2,
    therapies: [{ drug: 'ATORVASTATINA 20 mg 30 compresse', aic: '035622016', ingredient: 'atorvastatina', posology: '1 cp la sera' }] },
  { code: '244.9', description: 'IPOTIROIDISMO NON SPECIFICATO', chronic: true, weight: 0.06, exemption: '027',
    therapies: [{ drug: 'LEVOTIROXINA 75 mcg 50 compresse', aic: '029326019', ingredient: 'levotiroxina sodica', posology: '1 cp a digiuno' }] },
  { code: '493.90', description: 'ASMA NON SPECIFICATA', chronic: true, weight: 0.06, exemption: '007',
    therapies: [{ drug: 'SALBUTAMOLO spray 100 mcg', aic: '023306013', ingredient: 'salbutamolo', posology: '2 puff al bisogno' }] },
  { code: '427.31', description: 'FIBRILLAZIONE ATRIALE', chronic: true, weight: 0.03,
    therapies: [{ drug: 'BISOPROLOLO 2,5 mg 28 compresse', aic: '027049015', ingredient: 'bisoprololo', posology: '1 cp al mattino' }] },
  { code: '530.81', description: 'REFLUSSO ESOFAGEO', chronic: false, weight: 0.12,
    therapies: [{ drug: 'PANTOPRAZOLO 20 mg 14 compresse', aic: '031981023', ingredient: 'pantoprazolo', posology: '1 cp prima di colazione' }] },
  { code: '715.90', description: 'OSTEOARTROSI NON SPECIFICATA', chronic: true, weight: 0.1,
    therapies: [{ drug: 'PARACETAMOLO 1000 mg 16 compresse', aic: '012745093', ingredient: 'paracetamolo', posology: '1 cp al bisogno, max 3 al giorno' }] },
  { code: '311', description: 'DISTURBO DEPRESSIVO, NON CLASSIFICATO ALTROVE', chronic: false, weight: 0.05,
    therapies: [{ drug: 'SERTRALINA 50 mg 15 compresse', aic: '027753014', ingredient: 'sertralina', posology: '1 cp al mattino' }] },
  { code: '724.2', description: 'LOMBALGIA', chronic: false, weight: 0.1,
    therapies: [{ drug: 'IBUPROFENE 400 mg 12 compresse', aic: '033422013', ingredient: 'ibuprofene', posology: '1 cp dopo i pasti per 5 giorni' }] },
  { code: '465.9', description: 'INFEZIONI ACUTE DELLE VIE RESPIRATORIE SUPERIORI', chronic: false, weight: 0.15, therapies: [] },
]

export const VACCINES = ['Antinfluenzale quadrivalente', 'Anti-COVID-19 (richiamo)', 'Antipneumococcico coniugato', 'Antitetanica (richiamo)']
