// Every activity the worker registers, built from the real dependencies it is given.
import { createFollowUpActivities, type FollowUpActivityDependencies } from './follow-up-activities.js';
import { createVisitActivities, type VisitActivityDependencies } from './visit-activities.js';

export function createActivities(dependencies: VisitActivityDependencies & FollowUpActivityDependencies) {
  return { ...createVisitActivities(dependencies), ...createFollowUpActivities(dependencies) };
}
