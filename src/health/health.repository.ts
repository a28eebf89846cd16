import { Injectable } from '@nestjs/common';
import { InjectReadDataSource } from '../core/database/read-data-source';
import { DataSource } from 'typeorm';
import { sql } from '../core/database/dialect';

/** The database as the health check sees it: whether it answers, and which driver it is. */
@Injectable()
export class HealthRepository {
  constructor(@InjectReadDataSource() private readonly ds: DataSource) {}

  async ping(): Promise<void> {
    await sql(this.ds.manager, 'SELECT 1');
  }

  driver(): string {
    return this.ds.options.type;
  }
}
