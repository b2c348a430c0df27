export { type ConformanceFailure, type ConformanceOptions, type ConformanceReport, checkConformance } from './check-conformance.js';
export { createTestContext, type TestContext } from './create-test-context.js';
export { garbageInputs, seeded } from './garbage-inputs.js';
export { type StoreContractCase, type StoreContractOptions, storeContract } from './store-contract.js';
