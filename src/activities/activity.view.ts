import { type Activity, ACTIVITY_KIND_LABELS } from './activity.entity';

/** What the API shows of an activity: the record, its kind's label, and the names of its project and author. */
export function toActivityView(a: Activity, projectName: string | null, createdByName: string | null) {
  return {
    id: a.id, projectId: a.projectId, projectName,
    kind: a.kind, kindLabel: ACTIVITY_KIND_LABELS[a.kind], occurredOn: a.occurredOn, summary: a.summary,
    participants: a.participants, location: a.location, guestCount: a.guestCount, leaderLed: a.leaderLed,
    leaderName: a.leaderName, nextFollowUpOn: a.nextFollowUpOn, createdById: a.createdById,
    createdByName, createdAt: a.createdAt,
  };
}

export type ActivityView = ReturnType<typeof toActivityView>;
