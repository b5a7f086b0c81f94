// The worker's workflow bundle entry point.
export { visitWorkflow } from './visit/visit-workflow.js';
