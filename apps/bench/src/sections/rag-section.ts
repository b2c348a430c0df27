export { ragSection } from '../rag/index.js';
