export { reliabilitySection } from './reliability-section.js';
