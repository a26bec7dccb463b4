-- The figures of a production report: what a user generated over a period, by kind, by model and
-- by day, with success rates, credits and latency percentiles. A year of a busy user is a million
-- generations, too many to scan per report, so the figures are kept as they happen: one row per
-- (user, UTC day, kind, model) with counts and sums, and histograms of whole-second latencies
-- beside it, by day and by calendar month, from which percentile_disc is exact. A report reads
-- whole months from the monthly histogram and only the days at either end from the daily one.
-- Triggers on generations keep all three; the report reads them only. Their text columns compare
-- bytewise ("C"): cheaper for the trigger's index lookups and the report's grouping, and one
-- order on every backend.

create table public.generation_daily_figures (
  user_id           text collate "C" not null,
  day               date not null,
  kind              text collate "C" not null,
  model             text collate "C" not null,
  generations       integer not null default 0,
  succeeded         integer not null default 0,
  failed            integer not null default 0,
  open              integer not null default 0,
  credits_spent     bigint not null default 0,
  credits_refunded  bigint not null default 0,
  primary key (user_id, day, kind, model)
) with (fillfactor = 80);

-- How many of the bucket's succeeded generations took `seconds` (floor of finished_at - created_at).
-- A report reads tens of thousands of these rows, which the trigger wrote among every other
-- user's: the count rides in the primary key so they are read from its ordered leaf pages
-- (index-only) rather than from wherever each landed in the table. Vacuumed often, to keep the
-- visibility map that allows it current.
create table public.generation_daily_latencies (
  user_id      text collate "C" not null,
  day          date not null,
  kind         text collate "C" not null,
  model        text collate "C" not null,
  seconds      integer not null,
  generations  integer not null default 0,
  primary key (user_id, day, kind, model, seconds) include (generations)
) with (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);

-- The same histogram summed over each calendar month (`month` is its first day).
create table public.generation_monthly_latencies (
  user_id      text collate "C" not null,
  month        date not null check (extract(day from month) = 1),
  kind         text collate "C" not null,
  model        text collate "C" not null,
  seconds      integer not null,
  generations  integer not null default 0,
  primary key (user_id, month, kind, model, seconds) include (generations)
) with (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);

alter table public.generation_daily_figures enable row level security;
alter table public.generation_daily_latencies enable row level security;
alter table public.generation_monthly_latencies enable row level security;
revoke all on table
  public.generation_daily_figures, public.generation_daily_latencies, public.generation_monthly_latencies
from public, anon, authenticated;

-- Adds a generation's change to its buckets: the old version's share taken out, the new one's put
-- in, as increments in `insert ... on conflict do update`, so concurrent writers never lose one.
-- The owner's credit row is locked first: every generation function takes that lock anyway, and
-- taking it before the bucket rows keeps one lock order (account, then buckets) for everyone, so
-- two sweepers, or a reservation and a failure of the same user, cannot deadlock on a bucket.
-- A generation finishing, failing or being refunded (the hot path) is one upsert of the
-- difference, and one per histogram when it succeeds.
create function public.generation_figures_apply() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_old_day date := (old.created_at at time zone 'UTC')::date;
  v_new_day date := (new.created_at at time zone 'UTC')::date;
  v_seconds integer;
begin
  perform 1 from user_credits
   where user_id in (old.user_id, new.user_id)
   order by user_id
     for no key update;

  if tg_op = 'UPDATE' and (old.user_id, v_old_day, old.kind, old.model) = (new.user_id, v_new_day, new.kind, new.model) then
    insert into generation_daily_figures as f
           (user_id, day, kind, model, generations, succeeded, failed, open, credits_spent, credits_refunded)
    values (new.user_id, v_new_day, new.kind, new.model, 0,
            (new.status = 'succeeded')::int - (old.status = 'succeeded')::int,
            (new.status = 'failed')::int - (old.status = 'failed')::int,
            (new.status in ('queued', 'running'))::int - (old.status in ('queued', 'running'))::int,
            case when new.status = 'succeeded' then new.price else 0 end
              - case when old.status = 'succeeded' then old.price else 0 end,
            case when new.refunded then new.price else 0 end - case when old.refunded then old.price else 0 end)
        on conflict (user_id, day, kind, model) do update
       set succeeded        = f.succeeded + excluded.succeeded,
           failed           = f.failed + excluded.failed,
           open             = f.open + excluded.open,
           credits_spent    = f.credits_spent + excluded.credits_spent,
           credits_refunded = f.credits_refunded + excluded.credits_refunded;
  else
    -- Inserted, deleted, or moved to another bucket: each version's whole share, in its own bucket.
    insert into generation_daily_figures as f
           (user_id, day, kind, model, generations, succeeded, failed, open, credits_spent, credits_refunded)
    select *
      from (values
              (old.user_id, v_old_day, old.kind, old.model, -1,
               -(old.status = 'succeeded')::int, -(old.status = 'failed')::int,
               -(old.status in ('queued', 'running'))::int,
               -case when old.status = 'succeeded' then old.price else 0 end,
               -case when old.refunded then old.price else 0 end),
              (new.user_id, v_new_day, new.kind, new.model, 1,
               (new.status = 'succeeded')::int, (new.status = 'failed')::int,
               (new.status in ('queued', 'running'))::int,
               case when new.status = 'succeeded' then new.price else 0 end,
               case when new.refunded then new.price else 0 end)
           ) c (user_id, day, kind, model, generations, succeeded, failed, open, credits_spent, credits_refunded)
     where c.user_id is not null
        on conflict (user_id, day, kind, model) do update
       set generations      = f.generations + excluded.generations,
           succeeded        = f.succeeded + excluded.succeeded,
           failed           = f.failed + excluded.failed,
           open             = f.open + excluded.open,
           credits_spent    = f.credits_spent + excluded.credits_spent,
           credits_refunded = f.credits_refunded + excluded.credits_refunded;
  end if;

  -- The latency histograms count succeeded generations only (null status on insert/delete is not).
  if old.status = 'succeeded' then
    v_seconds := floor(extract(epoch from old.finished_at - old.created_at))::int;
    insert into generation_daily_latencies as l (user_id, day, kind, model, seconds, generations)
    values (old.user_id, v_old_day, old.kind, old.model, v_seconds, -1)
        on conflict (user_id, day, kind, model, seconds) do update set generations = l.generations - 1;
    insert into generation_monthly_latencies as l (user_id, month, kind, model, seconds, generations)
    values (old.user_id, date_trunc('month', v_old_day)::date, old.kind, old.model, v_seconds, -1)
        on conflict (user_id, month, kind, model, seconds) do update set generations = l.generations - 1;
  end if;
  if new.status = 'succeeded' then
    v_seconds := floor(extract(epoch from new.finished_at - new.created_at))::int;
    insert into generation_daily_latencies as l (user_id, day, kind, model, seconds, generations)
    values (new.user_id, v_new_day, new.kind, new.model, v_seconds, 1)
        on conflict (user_id, day, kind, model, seconds) do update set generations = l.generations + 1;
    insert into generation_monthly_latencies as l (user_id, month, kind, model, seconds, generations)
    values (new.user_id, date_trunc('month', v_new_day)::date, new.kind, new.model, v_seconds, 1)
        on conflict (user_id, month, kind, model, seconds) do update set generations = l.generations + 1;
  end if;

  return null;
end
$$;

create trigger generation_figures_insert after insert on public.generations
  for each row execute function public.generation_figures_apply();

-- Only a change that moves a figure runs the trigger. A poll or a finishing lease (which set none
-- of these columns) is not even looked at; queued -> running is, and is let pass by the WHEN.
create trigger generation_figures_update
  after update of status, refunded, finished_at, price, kind, model, created_at, user_id on public.generations
  for each row
  when ((old.user_id, old.kind, old.model, old.created_at, old.price, old.refunded,
         old.status = 'succeeded', old.status = 'failed')
        is distinct from
        (new.user_id, new.kind, new.model, new.created_at, new.price, new.refunded,
         new.status = 'succeeded', new.status = 'failed')
        or (new.status = 'succeeded' and old.finished_at is distinct from new.finished_at))
  execute function public.generation_figures_apply();

create trigger generation_figures_delete after delete on public.generations
  for each row execute function public.generation_figures_apply();

-- Recomputes every bucket from the generations themselves: the backfill below, and the repair
-- should the figures ever be doubted. Writers wait while it runs; readers of the figures too.
-- Rows go in by user, so each user's buckets start out on few pages.
create function public.rebuild_generation_figures() returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  lock table generations in share mode;
  truncate generation_daily_figures, generation_daily_latencies, generation_monthly_latencies;

  insert into generation_daily_figures
         (user_id, day, kind, model, generations, succeeded, failed, open, credits_spent, credits_refunded)
  select user_id, (created_at at time zone 'UTC')::date, kind, model,
         count(*),
         count(*) filter (where status = 'succeeded'),
         count(*) filter (where status = 'failed'),
         count(*) filter (where status in ('queued', 'running')),
         coalesce(sum(price) filter (where status = 'succeeded'), 0),
         coalesce(sum(price) filter (where refunded), 0)
    from generations
   group by 1, 2, 3, 4
   order by 1, 2, 3, 4;

  insert into generation_daily_latencies (user_id, day, kind, model, seconds, generations)
  select user_id, (created_at at time zone 'UTC')::date, kind, model,
         floor(extract(epoch from finished_at - created_at))::int, count(*)
    from generations
   where status = 'succeeded'
   group by 1, 2, 3, 4, 5
   order by 1, 2, 3, 4, 5;

  insert into generation_monthly_latencies (user_id, month, kind, model, seconds, generations)
  select user_id, date_trunc('month', day)::date, kind, model, seconds, sum(generations)
    from generation_daily_latencies
   group by 1, 2, 3, 4, 5
   order by 1, 2, 3, 4, 5;

  return jsonb_build_object(
    'buckets', (select count(*) from generation_daily_figures),
    'daily_latencies', (select count(*) from generation_daily_latencies),
    'monthly_latencies', (select count(*) from generation_monthly_latencies));
end
$$;

select public.rebuild_generation_figures();

-- A user's figures for the UTC days p_from to p_to, both included (at most 366 days). A period
-- that ends before it starts, or spans more, is refused with SQLSTATE NXR01. Planned for each
-- call's own user and dates: a cached generic plan cannot tell a day from a year, and read the
-- histograms three times slower.
create function public.production_figures(p_user_id text, p_from date, p_to date) returns jsonb
language plpgsql stable security definer
set search_path = public, pg_temp
set plan_cache_mode = force_custom_plan
as $$
declare
  -- The whole calendar months inside the period, [v_months_from, v_months_to); none when equal.
  v_months_from date;
  v_months_to date;
begin
  if p_from is null or p_to is null or p_to < p_from then
    raise exception 'a report period must end on or after the day it starts (from %, to %)', p_from, p_to
      using errcode = 'NXR01';
  end if;
  if p_to - p_from + 1 > 366 then
    raise exception 'a report period spans at most 366 days (from %, to % is % days)', p_from, p_to, p_to - p_from + 1
      using errcode = 'NXR01';
  end if;
  v_months_from := case when extract(day from p_from) = 1 then p_from
                        else (date_trunc('month', p_from) + interval '1 month')::date end;
  v_months_to := date_trunc('month', p_to + 1)::date;
  if v_months_to <= v_months_from then
    v_months_from := p_from;
    v_months_to := p_from;
  end if;

  return (
    with buckets as (
      select day, kind, model, generations, succeeded, failed, open, credits_spent, credits_refunded
        from generation_daily_figures
       where user_id = p_user_id and day between p_from and p_to and generations > 0
    ),
    models as (
      select model, kind, sum(generations) as generations, sum(succeeded) as succeeded, sum(failed) as failed,
             sum(open) as open, sum(credits_spent) as credits_spent, sum(credits_refunded) as credits_refunded
        from buckets
       group by model, kind
    ),
    latencies as (
      select model, kind, seconds, sum(generations) as generations
        from (select model, kind, seconds, generations from generation_monthly_latencies
               where user_id = p_user_id and month >= v_months_from and month < v_months_to
              union all
              select model, kind, seconds, generations from generation_daily_latencies
               where user_id = p_user_id and day >= p_from and day < v_months_from
              union all
              select model, kind, seconds, generations from generation_daily_latencies
               where user_id = p_user_id and day >= v_months_to and day <= p_to) h
       group by model, kind, seconds
      having sum(generations) > 0
    ),
    cumulative as (
      select model, kind, seconds,
             sum(generations) over (partition by model, kind order by seconds) as up_to,
             sum(generations) over (partition by model, kind) as total
        from latencies
    ),
    -- percentile_disc(f): the first value whose running count reaches ceil(f * n), as PostgreSQL
    -- computes it (in double precision), so the answer is the one the raw rows would give.
    percentiles as (
      select model, kind,
             min(seconds) filter (where up_to >= ceil(0.5::float8 * total::float8)) as p50,
             min(seconds) filter (where up_to >= ceil(0.95::float8 * total::float8)) as p95
        from cumulative
       group by model, kind
    ),
    days as (
      select day, sum(generations) as generations, sum(credits_spent) as credits_spent
        from buckets
       group by day
    )
    select jsonb_build_object(
      'from', to_char(p_from, 'YYYY-MM-DD'),
      'to', to_char(p_to, 'YYYY-MM-DD'),
      'totals', (
        select jsonb_build_object(
          'generations', coalesce(sum(generations), 0),
          'succeeded', coalesce(sum(succeeded), 0),
          'failed', coalesce(sum(failed), 0),
          'open', coalesce(sum(open), 0),
          'successRate', coalesce(round(sum(succeeded)::numeric / nullif(sum(succeeded) + sum(failed), 0), 4), 0),
          'creditsSpent', coalesce(sum(credits_spent), 0),
          'creditsRefunded', coalesce(sum(credits_refunded), 0))
        from models),
      'byKind', (
        select coalesce(jsonb_agg(jsonb_build_object(
                 'kind', kind, 'generations', generations, 'succeeded', succeeded, 'failed', failed,
                 'creditsSpent', credits_spent) order by generations desc, kind collate "C"), '[]'::jsonb)
          from (select kind, sum(generations) as generations, sum(succeeded) as succeeded,
                       sum(failed) as failed, sum(credits_spent) as credits_spent
                  from models group by kind) k),
      'byModel', (
        select coalesce(jsonb_agg(jsonb_build_object(
                 'model', m.model, 'kind', m.kind, 'generations', m.generations,
                 'succeeded', m.succeeded, 'failed', m.failed,
                 'successRate', coalesce(round(m.succeeded::numeric / nullif(m.succeeded + m.failed, 0), 4), 0),
                 'creditsSpent', m.credits_spent, 'creditsRefunded', m.credits_refunded,
                 'latencyP50Seconds', p.p50, 'latencyP95Seconds', p.p95)
                 order by m.generations desc, m.model collate "C", m.kind collate "C"), '[]'::jsonb)
          from models m left join percentiles p using (model, kind)),
      'busiestDays', (
        select coalesce(jsonb_agg(jsonb_build_object('day', to_char(day, 'YYYY-MM-DD'), 'generations', generations)
                                  order by generations desc, day), '[]'::jsonb)
          from (select day, generations from days order by generations desc, day limit 5) d),
      'spendTrend', (
        select coalesce(jsonb_agg(jsonb_build_object('day', to_char(day, 'YYYY-MM-DD'), 'creditsSpent', credits_spent)
                                  order by day), '[]'::jsonb)
          from days))
  );
end
$$;

revoke all on function
  public.generation_figures_apply(),
  public.rebuild_generation_figures(),
  public.production_figures(text, date, date)
from public, anon, authenticated;

grant execute on function public.production_figures(text, date, date) to service_role;
