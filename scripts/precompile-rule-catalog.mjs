// Loads and checks the bundled rule catalog once, at build time, into dist/rule-catalog.precompiled.json
// with the SHA-256 of its files: parsing, validating and dry-rendering it took ~50 ms of every run.
// src/generators/prometheus-rules/precompiled-catalog.ts uses it only from dist/ and only while the
// files still have that hash; a broken catalog is not precompiled, so a run reports its problems.
import {rmSync, writeFileSync} from 'node:fs'

import {loadRuleCatalog} from '../dist/src/generators/prometheus-rules/load-rule-catalog.js'
import {BUNDLED_RULES_DIR} from '../dist/src/generators/prometheus-rules/index.js'
import {PRECOMPILED_CATALOG_FILE, precompiledCatalogJson} from '../dist/src/generators/prometheus-rules/precompiled-catalog.js'

const loaded = loadRuleCatalog([BUNDLED_RULES_DIR])
if (loaded.ok) {
  writeFileSync(PRECOMPILED_CATALOG_FILE, precompiledCatalogJson(loaded.catalog, BUNDLED_RULES_DIR))
  console.log(`dist/rule-catalog.precompiled.json: ${loaded.catalog.recording.length} recording groups, ${loaded.catalog.alerts.length} alerts`)
} else {
  rmSync(PRECOMPILED_CATALOG_FILE, {force: true})
  console.log(`dist/rule-catalog.precompiled.json: not written, the bundled catalog has ${loaded.diagnostics.length} problems`)
}
