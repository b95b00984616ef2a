import type {DatabaseSync, StatementSync} from 'node:sqlite';

export const DAY = 86_400;
export const sec = (ms: number) => Math.floor(ms / 1000);

/** The history file's connection: cached statements and one way to write (store.ts, reads.ts build on it). */
export class StoreCore {
  private readonly statements = new Map<string, StatementSync>();

  constructor(readonly db: DatabaseSync) {}

  protected sql(text: string): StatementSync {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  /** Writes in one transaction; rolled back whole when anything throws. */
  transaction<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  close(): void {
    this.db.close();
  }
}
