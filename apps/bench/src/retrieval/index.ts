export { retrievalSection } from './retrieval-section.js';
