import { Migration } from '@mikro-orm/migrations';

export class Migration20261122060241_ApiTokens extends Migration {

  override name = 'Migration20261122060241_ApiTokens';

  override up(): void | Promise<void> {
    this.addSql(`create table "api_tokens" ("id" serial primary key, "owner_id" int not null, "name" varchar(100) not null, "prefix" varchar(16) not null, "secret_hash" varchar(64) not null, "created_at" timestamptz not null, "last_used_at" timestamptz null, "revoked_at" timestamptz null);`);
    this.addSql(`create index "api_tokens_owner_id_index" on "api_tokens" ("owner_id");`);
    this.addSql(`alter table "api_tokens" add constraint "api_tokens_secret_hash_unique" unique ("secret_hash");`);

    this.addSql(`alter table "api_tokens" add constraint "api_tokens_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "api_tokens" cascade;`);
  }

}
