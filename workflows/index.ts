// The worker's workflow bundle entry point.
export { coordinatorDigestWorkflow } from './digest/coordinator-digest-workflow.js';
export { dataRightsWorkflow } from './data-rights/data-rights-workflow.js';
export { followUpWorkflow } from './follow-up/follow-up-workflow.js';
export { teleconsultationWorkflow } from './teleconsultation/teleconsultation-workflow.js';
export { reorientationWorkflow } from './visit/reorientation-workflow.js';
export { visitWorkflow } from './visit/visit-workflow.js';
export { staffDeclarationCampaignWorkflow, staffDeclarationLaunchWorkflow } from './staff-declaration/staff-declaration-workflow.js';
