export { chatSection } from './chat-section.js';
