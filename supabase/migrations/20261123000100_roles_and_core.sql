-- Core schema: users, credits, the append-only ledger and generations.
-- Runs unchanged on Supabase, a plain PostgreSQL 15+ and PGlite.

-- Supabase ships these roles; a plain PostgreSQL or PGlite does not.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
end
$$;

create table public.users (
  id          text primary key check (length(id) between 1 and 200),
  email       text,
  name        text,
  created_at  timestamptz not null default now()
);

create table public.user_credits (
  user_id        text primary key references public.users (id) on delete restrict,
  balance        bigint not null default 0 check (balance >= 0),
  jobs_in_flight integer not null default 0 check (jobs_in_flight >= 0),
  updated_at     timestamptz not null default now()
);

create table public.credit_ledger (
  id             bigint generated always as identity primary key,
  user_id        text not null references public.users (id) on delete restrict,
  delta          bigint not null,
  balance_after  bigint not null check (balance_after >= 0),
  reason         text not null check (reason in
                   ('starter', 'reserve', 'refund', 'plan_grant', 'adjustment', 'refund_clawback')),
  ref            text not null,
  note           text,
  created_at     timestamptz not null default now()
);

-- One row per (user, reason, ref): a starter grant, a refund of a generation or a grant for an
-- invoice can be written once and only once, whatever the code above it does. (A reservation's
-- ref is its new generation's id, unique by construction.)
create unique index credit_ledger_once on public.credit_ledger (user_id, reason, ref)
  where reason in ('starter', 'refund', 'plan_grant', 'refund_clawback');
create index credit_ledger_user_time on public.credit_ledger (user_id, id desc);

create table public.generations (
  id               uuid primary key default gen_random_uuid(),
  user_id          text not null references public.users (id) on delete restrict,
  kind             text not null check (kind in ('image', 'video', 'director', 'chat', 'text')),
  model            text not null,
  provider         text not null,
  prompt           text not null,
  params           jsonb not null default '{}'::jsonb,
  price            integer not null check (price >= 0),
  status           text not null default 'queued'
                     check (status in ('queued', 'running', 'succeeded', 'failed')),
  provider_job_id  text,
  outputs          jsonb,
  error            jsonb,
  refunded         boolean not null default false,
  idempotency_key  text,
  request_hash     text,
  timeout_seconds  integer not null check (timeout_seconds > 0),
  created_at       timestamptz not null default now(),
  started_at       timestamptz,
  finished_at      timestamptz,
  polled_at        timestamptz,
  updated_at       timestamptz not null default now(),
  check (status <> 'failed' or finished_at is not null),
  check (status <> 'succeeded' or (finished_at is not null and not refunded))
);

create unique index generations_idempotency on public.generations (user_id, idempotency_key)
  where idempotency_key is not null;
create index generations_user_time on public.generations (user_id, created_at desc, id desc);
create index generations_open on public.generations (created_at)
  where status in ('queued', 'running');
create index generations_provider_job on public.generations (provider, provider_job_id)
  where provider_job_id is not null;

-- The ledger is history: rows are added, never changed or removed.
create function public.refuse_change() returns trigger
language plpgsql as $$
begin
  raise exception '% refused on %: rows here are only ever added', tg_op, tg_table_name
    using errcode = 'insufficient_privilege';
end
$$;

create trigger credit_ledger_no_update before update or delete on public.credit_ledger
  for each row execute function public.refuse_change();
create trigger credit_ledger_no_truncate before truncate on public.credit_ledger
  for each statement execute function public.refuse_change();

-- A balance moves only by a ledger row: inserting the row applies its delta. The trigger
-- on user_credits refuses any balance change that does not come from this trigger.
create function public.credit_ledger_apply() returns trigger
language plpgsql as $$
declare
  v_balance bigint;
begin
  update public.user_credits
     set balance = balance + new.delta, updated_at = now()
   where user_id = new.user_id
  returning balance into v_balance;
  if v_balance is null then
    raise exception 'no credit account for user %', new.user_id using errcode = 'foreign_key_violation';
  end if;
  if v_balance <> new.balance_after then
    raise exception 'ledger row for % expects balance % but the account holds %',
      new.user_id, new.balance_after, v_balance using errcode = 'check_violation';
  end if;
  return null;
end
$$;

create trigger credit_ledger_apply after insert on public.credit_ledger
  for each row execute function public.credit_ledger_apply();

create function public.user_credits_guard() returns trigger
language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    if new.balance <> 0 then
      raise exception 'a credit account opens at 0; credits arrive through the ledger'
        using errcode = 'check_violation';
    end if;
  elsif new.balance is distinct from old.balance and pg_trigger_depth() < 2 then
    raise exception 'balances change only through credit_ledger' using errcode = 'insufficient_privilege';
  end if;
  return new;
end
$$;

create trigger user_credits_guard before insert or update on public.user_credits
  for each row execute function public.user_credits_guard();

create trigger user_credits_no_delete before delete or truncate on public.user_credits
  for each statement execute function public.refuse_change();

-- Billing state kept from Lemon Squeezy (filled by the webhook handlers).
create table public.user_subscriptions (
  subscription_id  text primary key,
  user_id          text not null references public.users (id) on delete restrict,
  customer_id      text,
  order_id         text,
  variant_id       text,
  plan             text not null check (plan in ('free', 'growth', 'pro')),
  status           text not null,
  renews_at        timestamptz,
  ends_at          timestamptz,
  trial_ends_at    timestamptz,
  portal_url       text,
  source_updated_at timestamptz not null,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now()
);
create index user_subscriptions_user on public.user_subscriptions (user_id);

create table public.webhook_events (
  id            bigint generated always as identity primary key,
  source        text not null,
  event_name    text not null,
  dedupe_key    text not null,
  user_id       text,
  payload       jsonb not null,
  status        text not null default 'received'
                  check (status in ('received', 'processed', 'ignored', 'failed', 'unknown_user')),
  error         text,
  attempts      integer not null default 0,
  received_at   timestamptz not null default now(),
  processed_at  timestamptz,
  unique (source, dedupe_key)
);

create table public.chat_threads (
  id          uuid primary key default gen_random_uuid(),
  user_id     text not null references public.users (id) on delete restrict,
  title       text not null default 'New chat',
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now()
);
create index chat_threads_user on public.chat_threads (user_id, updated_at desc);

create table public.chat_messages (
  id             bigint generated always as identity primary key,
  thread_id      uuid not null references public.chat_threads (id) on delete cascade,
  role           text not null check (role in ('user', 'assistant')),
  content        text not null,
  generation_id  uuid references public.generations (id),
  created_at     timestamptz not null default now()
);
create index chat_messages_thread on public.chat_messages (thread_id, id);

create table public.reports (
  id             uuid primary key default gen_random_uuid(),
  user_id        text not null references public.users (id) on delete restrict,
  period_from    date not null,
  period_to      date not null check (period_to >= period_from),
  figures        jsonb not null,
  narrative      text not null,
  generation_id  uuid references public.generations (id),
  created_at     timestamptz not null default now()
);
create index reports_user on public.reports (user_id, created_at desc);

create table public.calendar_entries (
  id             uuid primary key default gen_random_uuid(),
  user_id        text not null references public.users (id) on delete restrict,
  scheduled_for  timestamptz not null,
  platform       text not null,
  title          text not null,
  body           text not null default '',
  generation_id  uuid references public.generations (id),
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now()
);
create index calendar_entries_user on public.calendar_entries (user_id, scheduled_for);

alter table public.users              enable row level security;
alter table public.user_credits       enable row level security;
alter table public.credit_ledger      enable row level security;
alter table public.generations        enable row level security;
alter table public.user_subscriptions enable row level security;
alter table public.webhook_events     enable row level security;
alter table public.chat_threads       enable row level security;
alter table public.chat_messages      enable row level security;
alter table public.reports            enable row level security;
alter table public.calendar_entries   enable row level security;
