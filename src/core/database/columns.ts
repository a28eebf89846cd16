import { Column, type ColumnOptions } from 'typeorm';
import { bigintTransformer } from '../money';

/** Integer 元 (or another exact integer) in a 64-bit column, read back as a safe number. */
export function MoneyColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'bigint', nullable: true, transformer: bigintTransformer, ...options });
}

/** A business date `YYYY-MM-DD`, stored as text so that it means the same on every driver. */
export function DateColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'varchar', length: 10, nullable: true, ...options });
}

/** JSON stored as text: the same on SQLite and PostgreSQL. */
export function JsonColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'simple-json', nullable: true, ...options });
}
