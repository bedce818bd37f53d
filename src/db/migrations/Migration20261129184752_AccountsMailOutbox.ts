import { Migration } from '@mikro-orm/migrations';

/** Accounts a team can run: roles, email confirmation, disabling, session cut-off, email tokens, a mail outbox. */
export class Migration20261129184752_AccountsMailOutbox extends Migration {

  override name = 'Migration20261129184752_AccountsMailOutbox';

  override up(): void | Promise<void> {
    this.addSql(`create table "mail_outbox" ("id" serial primary key, "dedupe_key" varchar(200) null, "to_address" varchar(254) not null, "template" varchar(64) not null, "payload" jsonb not null, "status" text not null default 'pending', "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "locked_until" timestamptz null, "last_error" text null, "message_id" varchar(255) null, "created_at" timestamptz not null, "sent_at" timestamptz null);`);
    this.addSql(`alter table "mail_outbox" add constraint "mail_outbox_dedupe_key_unique" unique ("dedupe_key");`);
    this.addSql(`create index "mail_outbox_status_next_attempt_at_index" on "mail_outbox" ("status", "next_attempt_at");`);

    this.addSql(`create table "email_tokens" ("id" serial primary key, "user_id" int not null, "purpose" text not null, "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "email_tokens" add constraint "email_tokens_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "email_tokens_user_id_purpose_index" on "email_tokens" ("user_id", "purpose");`);

    this.addSql(`alter table "users" add "role" text not null default 'user', add "email_confirmed_at" timestamptz null, add "disabled_at" timestamptz null, add "sessions_valid_after" timestamptz null;`);
    // Admins stay admins; accounts made before confirmation existed count as confirmed.
    this.addSql(`update "users" set "role" = 'admin' where "is_admin";`);
    this.addSql(`update "users" set "email_confirmed_at" = "created_at";`);
    this.addSql(`alter table "users" drop column "is_admin";`);
    this.addSql(`create unique index "users_username_lower_unique" on "users" (lower("username"));`);
    this.addSql(`create unique index "users_email_lower_unique" on "users" (lower("email"));`);
    this.addSql(`alter table "users" add constraint "users_role_check" check ("role" in ('user', 'admin'));`);

    this.addSql(`alter table "mail_outbox" add constraint "mail_outbox_status_check" check ("status" in ('pending', 'sending', 'sent', 'failed'));`);

    this.addSql(`alter table "email_tokens" add constraint "email_tokens_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
    this.addSql(`alter table "email_tokens" add constraint "email_tokens_purpose_check" check ("purpose" in ('confirm-email', 'reset-password'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "mail_outbox" cascade;`);
    this.addSql(`drop table if exists "email_tokens" cascade;`);

    this.addSql(`drop index "users_username_lower_unique";`);
    this.addSql(`drop index "users_email_lower_unique";`);
    this.addSql(`alter table "users" drop constraint "users_role_check";`);
    this.addSql(`alter table "users" add "is_admin" boolean not null default false;`);
    this.addSql(`update "users" set "is_admin" = true where "role" = 'admin';`);
    this.addSql(`alter table "users" drop column "role", drop column "email_confirmed_at", drop column "disabled_at", drop column "sessions_valid_after";`);
  }

}
