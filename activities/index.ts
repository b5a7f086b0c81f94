// Every activity the worker registers, built from the real dependencies it is given.
import { createConvocationActivities, type ConvocationActivityDependencies } from './convocation-activities.js';
import { createDataRightsActivities, type DataRightsActivityDependencies } from './data-rights-activities.js';
import { createDigestActivities, type DigestActivityDependencies } from './digest-activities.js';
import { createFollowUpActivities, type FollowUpActivityDependencies } from './follow-up-activities.js';
import { createStaffDeclarationActivities, type StaffDeclarationActivityDependencies } from './staff-declaration-activities.js';
import { createTeleconsultationActivities, type TeleconsultationActivityDependencies } from './teleconsultation-activities.js';
import { createVisitActivities, type VisitActivityDependencies } from './visit-activities.js';

export type ActivityDependencies = VisitActivityDependencies &
  FollowUpActivityDependencies &
  TeleconsultationActivityDependencies &
  DataRightsActivityDependencies &
  DigestActivityDependencies &
  StaffDeclarationActivityDependencies &
  ConvocationActivityDependencies;

export function createActivities(dependencies: ActivityDependencies) {
  return {
    ...createVisitActivities(dependencies),
    ...createFollowUpActivities(dependencies),
    ...createTeleconsultationActivities(dependencies),
    ...createDataRightsActivities(dependencies),
    ...createDigestActivities(dependencies),
    ...createStaffDeclarationActivities(dependencies),
    ...createConvocationActivities(dependencies),
  };
}
