// Runs the conformance suite against every backend: memory, SQLite file and YAML folder.
import { afterAll } from 'vitest';
import { join } from 'node:path';
import { createMemoryStore } from '../../common/store/memory-store';
import { describeStoreConformance } from './store-conformance';
import { makeTempDir, removeTempDirs } from './store-test-helpers';
import { openFolderStore } from './folder-store';
import { openSqliteStore } from './sqlite-store';

afterAll(removeTempDirs);

describeStoreConformance('memory', async () => createMemoryStore());
describeStoreConformance('sqlite', async () => openSqliteStore(join(makeTempDir(), 'store.db')));
describeStoreConformance('folder', async () => openFolderStore(makeTempDir()));
