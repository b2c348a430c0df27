export { ragSection } from './rag-section.js';
