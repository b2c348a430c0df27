import { describe, it } from 'vitest';
import { storeContract } from '../testing/store-contract.js';
import { createMemoryStore } from './memory-store.js';

describe('memory store: the store contract', () => {
  for (const c of storeContract((options) => createMemoryStore(options))) it(c.name, c.run);
});
