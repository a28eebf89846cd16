import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sql } from '../core/database/dialect';
import { addDays } from '../core/dates';
import { OPEN_END } from './transitions.repository';
import { TEAM_HISTORY_BEGIN } from './team-history';

interface Span {
  id: number;
  teamId: number | null;
  fromOn: string;
  untilOn: string;
}

/** Writes `project_team_spans` (team-history.ts says what they mean), in the caller's unit of work. */
@Injectable()
export class TeamHistoryRepository {
  /** A new project's one span: its team from the beginning, open. */
  async start(em: EntityManager, projectId: number, teamId: number | null): Promise<void> {
    await this.insert(em, projectId, teamId, TEAM_HISTORY_BEGIN, OPEN_END);
  }

  /**
   * The project moves from team `from` to team `to` on day `on` (the 移交's
   * date): `to` holds it from the next day. A second move on the same day
   * replaces the first (and one back to where it was on that day undoes it).
   * A project with no span yet (loaded around the services) gets its past
   * with `from` first.
   */
  async move(em: EntityManager, projectId: number, from: number | null, to: number | null, on: string): Promise<void> {
    if (from === to) return;
    const effective = addDays(on, 1);
    const spans = (await sql(em, `SELECT id, "teamId", "fromOn", "untilOn" FROM project_team_spans WHERE "projectId" = :projectId ORDER BY "untilOn" DESC`, { projectId }))
      .map((r) => ({ id: Number(r.id), teamId: r.teamId === null ? null : Number(r.teamId), fromOn: String(r.fromOn), untilOn: String(r.untilOn) }) satisfies Span);
    const open = spans.find((s) => s.untilOn === OPEN_END);
    if (!open) {
      await this.insert(em, projectId, from, TEAM_HISTORY_BEGIN, effective);
      await this.insert(em, projectId, to, effective, OPEN_END);
      return;
    }
    if (open.fromOn < effective) {
      await sql(em, `UPDATE project_team_spans SET "untilOn" = :effective WHERE id = :id`, { effective, id: open.id });
      await this.insert(em, projectId, to, effective, OPEN_END);
      return;
    }
    const previous = spans.find((s) => s.untilOn === open.fromOn);
    if (previous && previous.teamId === to) {
      await sql(em, `DELETE FROM project_team_spans WHERE id = :id`, { id: open.id });
      await sql(em, `UPDATE project_team_spans SET "untilOn" = :open WHERE id = :id`, { open: OPEN_END, id: previous.id });
    } else {
      await sql(em, `UPDATE project_team_spans SET "teamId" = :to WHERE id = :id`, { to, id: open.id });
    }
  }

  /** The project's spans in order (for tests and the audit of a report). */
  async spansOf(projectId: number, em: EntityManager): Promise<{ teamId: number | null; fromOn: string; untilOn: string }[]> {
    const rows = await sql(em, `SELECT "teamId", "fromOn", "untilOn" FROM project_team_spans WHERE "projectId" = :projectId ORDER BY "fromOn"`, { projectId });
    return rows.map((r) => ({ teamId: r.teamId === null ? null : Number(r.teamId), fromOn: String(r.fromOn), untilOn: String(r.untilOn) }));
  }

  private async insert(em: EntityManager, projectId: number, teamId: number | null, fromOn: string, untilOn: string): Promise<void> {
    await sql(em, `INSERT INTO project_team_spans ("projectId", "teamId", "fromOn", "untilOn") VALUES (:projectId, :teamId, :fromOn, :untilOn)`, { projectId, teamId, fromOn, untilOn });
  }
}
