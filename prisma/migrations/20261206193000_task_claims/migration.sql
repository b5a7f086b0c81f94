-- Issue 5: a professional takes a task meant for their role (claim) so colleagues do not do it twice, and
-- may give it back (release). Only a claimed task can be released, never one a workflow assigned.
ALTER TABLE "HumanTask" ADD COLUMN "claimedAt" TIMESTAMP(3);
