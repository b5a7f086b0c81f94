// The data-rights workflow's messages, defined once and imported by the console.
import { defineUpdate } from '@temporalio/workflow';
import type { CivilDate } from '../rules/calendar.js';
import type { Actor } from '../visit/messages.js';
import type { CompletionForm, DataRightsKind } from './forms.js';

export interface DataRightsWorkflowInput {
  requestId: string;
  kind: DataRightsKind;
  /** R-DATA-3: the answer is due by the end of this Paris day. */
  dueDate: CivilDate;
}

export interface DataRightsCompletion {
  actor: Actor;
  form: CompletionForm;
}

export interface DataRightsResult {
  completedBy: Actor;
  exportId?: string;
}

export const completeDataRightsRequestUpdate = defineUpdate<DataRightsResult, [DataRightsCompletion]>('completeDataRightsRequest');
