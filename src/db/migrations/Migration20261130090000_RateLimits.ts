import { Migration } from '@mikro-orm/migrations';

/**
 * Counters of the request throttles (sign-in, registration, password-reset requests), shared by every API replica.
 * The layout is what `rate-limiter-flexible`'s RateLimiterPostgres expects; it is created here, not at run time.
 */
export class Migration20261130090000_RateLimits extends Migration {

  override name = 'Migration20261130090000_RateLimits';

  override up(): void | Promise<void> {
    this.addSql(`create table "rate_limits" ("key" varchar(255) primary key, "points" integer not null default 0, "expire" bigint null);`);
    this.addSql(`create index "rate_limits_expire_index" on "rate_limits" ("expire");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "rate_limits";`);
  }

}
