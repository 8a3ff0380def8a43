import { MemoryStore } from '../../src/store/memory.ts';
import { CONVERSATION_TTL_MS, DAY, RETENTION_DAYS, storeContract } from './contract.ts';

storeContract('memory', async (clock) => {
  const store = new MemoryStore({
    clock,
    conversationTtlMs: CONVERSATION_TTL_MS,
    retentionMs: RETENTION_DAYS * DAY,
  });
  return { store, cleanup: () => store.close() };
});
