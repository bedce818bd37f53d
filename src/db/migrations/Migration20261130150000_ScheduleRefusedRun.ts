import { Migration } from '@mikro-orm/migrations';

/**
 * A scheduled run that could not start (its URLs are no longer allowed, or its owner has too many active tasks) is
 * recorded on the schedule, so the API can say so; before, only the Temporal Web UI showed it. Written by hand; the
 * layout matches the entities.
 */
export class Migration20261130150000_ScheduleRefusedRun extends Migration {

  override name = 'Migration20261130150000_ScheduleRefusedRun';

  override up(): void | Promise<void> {
    this.addSql(`alter table "schedules" add column "refused_run_at" timestamptz null, add column "refused_run_reason" text null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "schedules" drop column "refused_run_at", drop column "refused_run_reason";`);
  }

}
