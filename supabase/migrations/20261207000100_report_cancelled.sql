-- A report counted a job the user cancelled as failed, and so lowered the success rate of a model
-- that did nothing wrong; History and Billing already say "Cancelled". A cancelled job is a failed
-- row whose error code is 'cancelled' (cancel_generation's refund goes through fail_generation).
-- The rollups now keep those apart: `failed` counts the failures only, `cancelled` the
-- cancellations, and the success rate is succeeded / (succeeded + failed). The figures are rebuilt
-- from the generations at the end, so the history before this migration is counted the same way.

alter table public.generation_daily_figures add column cancelled integer not null default 0;

-- Whether a generation row is one the user cancelled (never null).
create function public.generation_is_cancelled(p_status text, p_error jsonb) returns boolean
language sql immutable parallel safe set search_path = public, pg_temp
as $$ select p_status = 'failed' and coalesce(p_error ->> 'code' = 'cancelled', false) $$;

create or replace function public.generation_figures_apply() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_old_day date := (old.created_at at time zone 'UTC')::date;
  v_new_day date := (new.created_at at time zone 'UTC')::date;
  v_old_cancelled boolean := generation_is_cancelled(old.status, old.error);
  v_new_cancelled boolean := generation_is_cancelled(new.status, new.error);
  v_seconds integer;
begin
  perform 1 from user_credits
   where user_id in (old.user_id, new.user_id)
   order by user_id
     for no key update;

  if tg_op = 'UPDATE' and (old.user_id, v_old_day, old.kind, old.model) = (new.user_id, v_new_day, new.kind, new.model) then
    insert into generation_daily_figures as f
           (user_id, day, kind, model, generations, succeeded, failed, cancelled, open, credits_spent, credits_refunded)
    values (new.user_id, v_new_day, new.kind, new.model, 0,
            (new.status = 'succeeded')::int - (old.status = 'succeeded')::int,
            (new.status = 'failed' and not v_new_cancelled)::int - (old.status = 'failed' and not v_old_cancelled)::int,
            v_new_cancelled::int - v_old_cancelled::int,
            (new.status in ('queued', 'running'))::int - (old.status in ('queued', 'running'))::int,
            case when new.status = 'succeeded' then new.price else 0 end
              - case when old.status = 'succeeded' then old.price else 0 end,
            case when new.refunded then new.price else 0 end - case when old.refunded then old.price else 0 end)
        on conflict (user_id, day, kind, model) do update
       set succeeded        = f.succeeded + excluded.succeeded,
           failed           = f.failed + excluded.failed,
           cancelled        = f.cancelled + excluded.cancelled,
           open             = f.open + excluded.open,
           credits_spent    = f.credits_spent + excluded.credits_spent,
           credits_refunded = f.credits_refunded + excluded.credits_refunded;
  else
    -- Inserted, deleted, or moved to another bucket: each version's whole share, in its own bucket.
    insert into generation_daily_figures as f
           (user_id, day, kind, model, generations, succeeded, failed, cancelled, open, credits_spent, credits_refunded)
    select *
      from (values
              (old.user_id, v_old_day, old.kind, old.model, -1,
               -(old.status = 'succeeded')::int, -(old.status = 'failed' and not v_old_cancelled)::int,
               -v_old_cancelled::int,
               -(old.status in ('queued', 'running'))::int,
               -case when old.status = 'succeeded' then old.price else 0 end,
               -case when old.refunded then old.price else 0 end),
              (new.user_id, v_new_day, new.kind, new.model, 1,
               (new.status = 'succeeded')::int, (new.status = 'failed' and not v_new_cancelled)::int,
               v_new_cancelled::int,
               (new.status in ('queued', 'running'))::int,
               case when new.status = 'succeeded' then new.price else 0 end,
               case when new.refunded then new.price else 0 end)
           ) c (user_id, day, kind, model, generations, succeeded, failed, cancelled, open, credits_spent, credits_refunded)
     where c.user_id is not null
        on conflict (user_id, day, kind, model) do update
       set generations      = f.generations + excluded.generations,
           succeeded        = f.succeeded + excluded.succeeded,
           failed           = f.failed + excluded.failed,
           cancelled        = f.cancelled + excluded.cancelled,
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

-- The update trigger also wakes for a failed job's error changing between a cancellation and any
-- other failure (fail_generation writes both at once; a repair might write the error alone).
drop trigger generation_figures_update on public.generations;
create trigger generation_figures_update
  after update of status, refunded, finished_at, price, kind, model, created_at, user_id, error on public.generations
  for each row
  when ((old.user_id, old.kind, old.model, old.created_at, old.price, old.refunded,
         old.status = 'succeeded', old.status = 'failed', public.generation_is_cancelled(old.status, old.error))
        is distinct from
        (new.user_id, new.kind, new.model, new.created_at, new.price, new.refunded,
         new.status = 'succeeded', new.status = 'failed', public.generation_is_cancelled(new.status, new.error))
        or (new.status = 'succeeded' and old.finished_at is distinct from new.finished_at))
  execute function public.generation_figures_apply();

create or replace function public.rebuild_generation_figures() returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  lock table generations in share mode;
  truncate generation_daily_figures, generation_daily_latencies, generation_monthly_latencies;

  insert into generation_daily_figures
         (user_id, day, kind, model, generations, succeeded, failed, cancelled, open, credits_spent, credits_refunded)
  select user_id, (created_at at time zone 'UTC')::date, kind, model,
         count(*),
         count(*) filter (where status = 'succeeded'),
         count(*) filter (where status = 'failed' and not generation_is_cancelled(status, error)),
         count(*) filter (where generation_is_cancelled(status, error)),
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

-- As before, with `cancelled` beside `failed` in the totals, by kind and by model.
create or replace function public.production_figures(p_user_id text, p_from date, p_to date) returns jsonb
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
      select day, kind, model, generations, succeeded, failed, cancelled, open, credits_spent, credits_refunded
        from generation_daily_figures
       where user_id = p_user_id and day between p_from and p_to and generations > 0
    ),
    models as (
      select model, kind, sum(generations) as generations, sum(succeeded) as succeeded, sum(failed) as failed,
             sum(cancelled) as cancelled, sum(open) as open, sum(credits_spent) as credits_spent,
             sum(credits_refunded) as credits_refunded
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
          'cancelled', coalesce(sum(cancelled), 0),
          'open', coalesce(sum(open), 0),
          'successRate', coalesce(round(sum(succeeded)::numeric / nullif(sum(succeeded) + sum(failed), 0), 4), 0),
          'creditsSpent', coalesce(sum(credits_spent), 0),
          'creditsRefunded', coalesce(sum(credits_refunded), 0))
        from models),
      'byKind', (
        select coalesce(jsonb_agg(jsonb_build_object(
                 'kind', kind, 'generations', generations, 'succeeded', succeeded, 'failed', failed,
                 'cancelled', cancelled, 'creditsSpent', credits_spent) order by generations desc, kind collate "C"), '[]'::jsonb)
          from (select kind, sum(generations) as generations, sum(succeeded) as succeeded,
                       sum(failed) as failed, sum(cancelled) as cancelled, sum(credits_spent) as credits_spent
                  from models group by kind) k),
      'byModel', (
        select coalesce(jsonb_agg(jsonb_build_object(
                 'model', m.model, 'kind', m.kind, 'generations', m.generations,
                 'succeeded', m.succeeded, 'failed', m.failed, 'cancelled', m.cancelled,
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

revoke all on function public.generation_is_cancelled(text, jsonb) from public, anon, authenticated;
