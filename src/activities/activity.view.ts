import type { AuthUser } from '../core/auth/auth-user';
import { canCorrectActivity } from './activity-access';
import { type Activity, ACTIVITY_KIND_LABELS } from './activity.entity';

/** What the API shows of an activity (also the audit log's snapshot): the record, its kind's label, and the names of its project and author. */
export function toActivityView(a: Activity, projectName: string | null, createdByName: string | null) {
  return {
    id: a.id, projectId: a.projectId, projectName,
    kind: a.kind, kindLabel: ACTIVITY_KIND_LABELS[a.kind], occurredOn: a.occurredOn, summary: a.summary,
    participants: a.participants, location: a.location, guestCount: a.guestCount, leaderLed: a.leaderLed,
    leaderName: a.leaderName, nextFollowUpOn: a.nextFollowUpOn, createdById: a.createdById,
    createdByName, version: a.version, createdAt: a.createdAt,
  };
}

export type ActivityView = ReturnType<typeof toActivityView>;

/** The view as `user` reads it: with whether he may edit or delete it (the UI hides what the server would refuse). */
export function forReader(view: ActivityView, user: AuthUser) {
  return { ...view, canEdit: canCorrectActivity(user, view) };
}

export type ActivityReaderView = ReturnType<typeof forReader>;
