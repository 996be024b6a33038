/*
| Which loader reads which dataset, where its curated seed is, and which table tells whether
| it was ever loaded. A new dataset (drugs, catalogue…) adds one entry here and one loader
| file in datasets/; the importer, `refdata:import` and live update pick it up.
*/
import app from '@adonisjs/core/services/app'
import type { DatasetKey, LoadedDataset } from '#services/refdata/dataset'
import { loadAsl } from '#services/refdata/datasets/asl'
import { loadIcd9cm } from '#services/refdata/datasets/icd9cm'
import { loadComuniFromFile, loadComuniFromPackage } from '#services/refdata/datasets/comuni'
import { loadDrugs } from '#services/refdata/datasets/drugs'
import { loadCatalogue } from '#services/refdata/datasets/catalogue'

export interface DatasetLoader {
  /** Reads and validates a source file; `null` means the embedded data or the curated seed. */
  load(file: string | null): Promise<LoadedDataset> | LoadedDataset
  /** The table whose emptiness means "never loaded" (first install, demo, tests). */
  mainTable: string
  /** Loaded automatically on first install from the embedded data or seed. */
  autoload: boolean
}

const seed = (name: string) => app.makePath('database/seeds', name)

export const LOADERS: Record<DatasetKey, DatasetLoader> = {
  comuni: {
    load: (file) => (file ? loadComuniFromFile(file) : loadComuniFromPackage()),
    mainTable: 'comuni',
    autoload: true,
  },
  icd9cm: { load: (file) => loadIcd9cm(file ?? seed('icd9cm.csv')), mainTable: 'icd9cm_diagnoses', autoload: true },
  asl: { load: (file) => loadAsl(file ?? seed('asl.csv')), mainTable: 'asl', autoload: true },
  // A file, a folder of AIFA files or files separated by commas (see datasets/drugs.ts).
  drugs: { load: (file) => loadDrugs(file ?? seed('drugs.csv')), mainTable: 'drugs', autoload: true },
  catalogue: { load: (file) => loadCatalogue(file ?? seed('catalogue.csv')), mainTable: 'catalogue_items', autoload: true },
}
