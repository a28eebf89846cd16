import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { sql } from '../core/database/dialect';
import { InjectReadDataSource } from '../core/database/read-data-source';
import { liveProject } from '../projects/live-projects';
import { type LightCutoffs, lightParams, lightSql } from '../projects/supervision';

/** The 督办 figures of one team (null: projects without a team). */
export interface TeamLights {
  teamId: number | null;
  teamName: string | null;
  red: number;
  yellow: number;
}

/** The district-wide reads of the 大屏 that the reports do not already make. */
@Injectable()
export class DisplayRepository {
  constructor(@InjectReadDataSource() private readonly ds: DataSource) {}

  /** Red and yellow projects per team, the whole district (the 督办灯 of supervision.ts). */
  async lightsByTeam(cut: LightCutoffs, em: EntityManager = this.ds.manager): Promise<TeamLights[]> {
    const red = lightSql('red');
    const yellow = lightSql('yellow');
    const rows = await sql<{ teamId: number | null; teamName: string | null; red: string | number; yellow: string | number }>(
      em,
      `SELECT p."teamId" AS "teamId", t.name AS "teamName",
              SUM(CASE WHEN ${red} THEN 1 ELSE 0 END) AS red,
              SUM(CASE WHEN ${yellow} THEN 1 ELSE 0 END) AS yellow
         FROM projects p LEFT JOIN teams t ON t.id = p."teamId"
        WHERE ${liveProject('p')} AND (${red} OR ${yellow})
        GROUP BY p."teamId", t.name`,
      lightParams(cut),
    );
    return rows.map((r) => ({ teamId: r.teamId === null ? null : Number(r.teamId), teamName: r.teamName, red: Number(r.red), yellow: Number(r.yellow) }));
  }
}
