export { type BenchContext, type Section, type SectionReport, sections, type Target } from './sections/index.js';
