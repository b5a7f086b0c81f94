// Custom search attributes let the Temporal Web UI filter visits like the console does.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const visitTypeKey = defineSearchAttributeKey('VisitType', SearchAttributeType.KEYWORD);
export const visitStatusKey = defineSearchAttributeKey('VisitStatus', SearchAttributeType.KEYWORD);
export const employerIdKey = defineSearchAttributeKey('EmployerId', SearchAttributeType.KEYWORD);
export const visitDeadlineKey = defineSearchAttributeKey('VisitDeadline', SearchAttributeType.DATETIME);

export const visitSearchAttributeKeys = [visitTypeKey, visitStatusKey, employerIdKey, visitDeadlineKey];
