/**
 * The records the fuzz and malformed-input suites aim at: a project of
 * officerA with its company, a contact, an activity and a milestone; the viewer as the account to
 * edit (never one whose token the suites use) and team B as the team to edit.
 */
import type { FuzzWorld } from './fuzz-cases';
import { bearer, makeProject, type World } from './fixtures';
import { addMilestone, logActivity } from './projects';
import type { TestApp } from './test-app';

export interface FuzzTargets extends FuzzWorld {
  projectId: number;
  companyId: number;
  milestoneId: number;
}

export async function makeFuzzTargets(t: TestApp, w: World): Promise<FuzzTargets> {
  const project = await makeProject(t, w.officerA);
  const milestone = await addMilestone(t, w.officerA, project.id, { name: '开工', plannedOn: '2026-07-01' });
  if (milestone.status !== 201) throw new Error(`milestone: ${milestone.status} ${JSON.stringify(milestone.body)}`);
  const activity = await logActivity(t, w.officerA, project.id, { kind: 'call', occurredOn: '2026-06-01', summary: '电话沟通' });
  if (activity.status !== 201) throw new Error(`activity: ${activity.status} ${JSON.stringify(activity.body)}`);
  const contact = await t.http().post(`/api/v1/companies/${project.companyId}/contacts`).set(bearer(w.officerA)).send({ name: '李明', phone: '13800138000' });
  if (contact.status !== 201) throw new Error(`contact: ${contact.status} ${JSON.stringify(contact.body)}`);
  const ids: Record<string, number> = { projects: project.id, companies: project.companyId, users: w.viewer.id, teams: w.teamB, activities: activity.body.id };
  const fixed: Record<string, string> = { mid: String(milestone.body.id), contactId: String(contact.body.id), year: '2026', kind: 'parks', code: 'pingshan', name: 'reminders.daily' };
  const fields: Record<string, unknown> = {
    companyId: project.companyId, ownerId: w.officerA.id, teamId: w.teamA, projectId: project.id, version: 1,
    email: 'fuzz-user@test.local', password: 'fuzz-password-123', code: 'fuzz_code',
  };
  return {
    projectId: project.id,
    companyId: project.companyId,
    milestoneId: milestone.body.id as number,
    // `/api/v1/<resource>/{id}…`: the id of that resource's record
    path: (template, name) => (name === 'id' ? String(ids[template.split('/')[3]]) : name === 'month' ? (template.includes('/funds/') ? '2026-06' : '5') : fixed[name]),
    field: (name) => fields[name],
  };
}
