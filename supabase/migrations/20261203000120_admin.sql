-- The admin console: what operators look at (users, stuck and failing jobs, failed webhook events,
-- the last reconcile) and what they may do. Every admin action is a row of admin_audit, which only
-- ever grows; the one action that moves credits goes through adjust_credits, so the ledger row
-- itself says which admin made it and why.

create table public.admin_audit (
  id              bigint generated always as identity primary key,
  admin_id        text not null references public.users (id) on delete restrict,
  action          text not null check (length(action) between 1 and 100),
  target_user_id  text,
  details         jsonb not null default '{}'::jsonb,
  created_at      timestamptz not null default now()
);
create index admin_audit_target on public.admin_audit (target_user_id, id desc) where target_user_id is not null;

create trigger admin_audit_no_update before update or delete on public.admin_audit
  for each row execute function public.refuse_change();
create trigger admin_audit_no_truncate before truncate on public.admin_audit
  for each statement execute function public.refuse_change();

-- One row per reconciliation with Lemon Squeezy: how many subscriptions it asked about, which had
-- drifted (and in which fields), which it corrected, and what it could not check.
create table public.reconcile_runs (
  id           bigint generated always as identity primary key,
  started_at   timestamptz not null,
  finished_at  timestamptz not null default now(),
  checked      integer not null check (checked >= 0),
  drifted      jsonb not null default '[]'::jsonb,
  corrected    jsonb not null default '[]'::jsonb,
  errors       jsonb not null default '[]'::jsonb,
  skipped      text
);

-- What the stuck-jobs view reads: failures of the last day, and events left unfinished.
create index generations_failed_recent on public.generations (finished_at) where status = 'failed';
create index webhook_events_unfinished on public.webhook_events (id) where status in ('failed', 'received');

alter table public.admin_audit enable row level security;
alter table public.reconcile_runs enable row level security;
revoke all on table public.admin_audit, public.reconcile_runs from public, anon, authenticated;
revoke all on all sequences in schema public from public, anon, authenticated;

-- Users by email or id substring (all of them, newest first, without a query), with the plan the
-- reservation would decide for them (effective_plan over the catalog's plan table), balance and
-- jobs in flight.
create function public.admin_list_users(p_query text, p_limit integer, p_plans jsonb) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  with q as (select lower(nullif(btrim(p_query), '')) as text)
  select coalesce(jsonb_agg(jsonb_build_object(
           'id', u.id,
           'email', u.email,
           'name', u.name,
           'plan', effective_plan(u.id, p_plans),
           'balance', coalesce(c.balance, 0),
           'jobs_in_flight', coalesce(c.jobs_in_flight, 0),
           'created_at', u.created_at)
         order by u.created_at desc, u.id), '[]'::jsonb)
  from (select u.* from users u, q
         where q.text is null
            or strpos(lower(u.id), q.text) > 0
            or strpos(lower(coalesce(u.email, '')), q.text) > 0
         order by u.created_at desc, u.id
         limit least(greatest(coalesce(p_limit, 50), 1), 200)) u
  left join user_credits c on c.user_id = u.id
$$;

-- An admin's adjustment: adjust_credits in the same transaction, with the reason and the admin on
-- the ledger row's note and an audit row beside it. A refused adjustment writes neither.
create function public.admin_adjust_credits(
  p_admin_id text,
  p_user_id text,
  p_delta bigint,
  p_reason text
) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_reason text := btrim(coalesce(p_reason, ''));
  v_ref text := 'admin:' || gen_random_uuid()::text;
  v_result jsonb;
begin
  if length(v_reason) < 3 then
    return jsonb_build_object('code', 'reason_required', 'message', 'an admin adjustment needs a reason of at least 3 characters');
  end if;
  if p_admin_id is null or not exists (select 1 from users where id = p_admin_id) then
    return jsonb_build_object('code', 'invalid_request', 'message', 'the admin is not a known user');
  end if;

  v_result := adjust_credits(p_user_id, p_delta, format('%s (by admin %s)', v_reason, p_admin_id), v_ref);
  if v_result->>'code' <> 'ok' then
    return v_result;
  end if;

  insert into admin_audit (admin_id, action, target_user_id, details)
  values (p_admin_id, 'adjust_credits', p_user_id, jsonb_build_object(
    'delta', p_delta, 'reason', v_reason, 'ledger_ref', v_ref, 'balance', v_result->'balance'));

  return v_result || jsonb_build_object('ref', v_ref);
end
$$;

-- Any other admin action, for the record.
create function public.admin_record(
  p_admin_id text,
  p_action text,
  p_target text,
  p_details jsonb
) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_id bigint;
begin
  if p_action is null or length(btrim(p_action)) = 0 then
    return jsonb_build_object('code', 'invalid_request', 'message', 'an action is required');
  end if;
  if p_admin_id is null or not exists (select 1 from users where id = p_admin_id) then
    return jsonb_build_object('code', 'invalid_request', 'message', 'the admin is not a known user');
  end if;
  insert into admin_audit (admin_id, action, target_user_id, details)
  values (p_admin_id, btrim(p_action), p_target, coalesce(p_details, '{}'::jsonb))
  returning id into v_id;
  return jsonb_build_object('code', 'ok', 'id', v_id);
end
$$;

-- The latest audit rows, with the emails of the admin and the user they concern.
create function public.admin_list_audit(p_limit integer default 50) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select coalesce(jsonb_agg(jsonb_build_object(
           'id', a.id,
           'admin_id', a.admin_id,
           'admin_email', (select email from users where id = a.admin_id),
           'action', a.action,
           'target_user_id', a.target_user_id,
           'target_email', (select email from users where id = a.target_user_id),
           'details', a.details,
           'created_at', a.created_at)
         order by a.id desc), '[]'::jsonb)
  from (select * from admin_audit order by id desc limit least(greatest(coalesce(p_limit, 50), 1), 500)) a
$$;

-- Jobs that need an operator's eye, by provider: open ones past their timeout (or queued longer
-- than p_queued_seconds: never submitted) and failures of the last 24 hours. The counts are whole;
-- at most p_limit jobs of each provider are listed, stuck ones first, newest first.
create function public.admin_stuck_jobs(p_limit integer default 50, p_queued_seconds integer default 90) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  with picked as (
    select g.*, 'stuck' as state from generations g
     where g.status in ('queued', 'running')
       and (g.created_at + make_interval(secs => g.timeout_seconds) < now()
            or (g.status = 'queued' and g.created_at + make_interval(secs => p_queued_seconds) < now()))
    union all
    select g.*, 'failed' as state from generations g
     where g.status = 'failed' and g.finished_at > now() - interval '24 hours'
  ),
  ranked as (
    select p.*, row_number() over (partition by p.provider
                                   order by p.state = 'stuck' desc, p.created_at desc, p.id) as n
      from picked p
  )
  select jsonb_build_object(
    'providers', coalesce((
      select jsonb_agg(jsonb_build_object('provider', provider, 'stuck', stuck, 'failed', failed) order by provider)
        from (select provider,
                     count(*) filter (where state = 'stuck') as stuck,
                     count(*) filter (where state = 'failed') as failed
                from picked group by provider) c), '[]'::jsonb),
    'jobs', coalesce((
      select jsonb_agg(jsonb_build_object(
               'id', r.id, 'user_id', r.user_id, 'email', u.email, 'provider', r.provider,
               'provider_job_id', r.provider_job_id, 'kind', r.kind, 'model', r.model,
               'status', r.status, 'state', r.state, 'price', r.price, 'refunded', r.refunded,
               'error', r.error, 'timeout_seconds', r.timeout_seconds, 'created_at', r.created_at,
               'started_at', r.started_at, 'finished_at', r.finished_at)
             order by r.provider, r.n)
        from ranked r left join users u on u.id = r.user_id
       where r.n <= least(greatest(coalesce(p_limit, 50), 1), 500)), '[]'::jsonb))
$$;

-- Webhook events that did not apply: failed ones, and ones received but never finished (their
-- process died) after five minutes. Newest first.
create function public.admin_failed_webhook_events(p_limit integer default 50) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select coalesce(jsonb_agg(jsonb_build_object(
           'id', e.id,
           'source', e.source,
           'event_name', e.event_name,
           'status', e.status,
           'error', e.error,
           'attempts', e.attempts,
           'user_id', coalesce(e.user_id, e.payload #>> '{meta,custom_data,user_id}'),
           'object_id', e.payload #>> '{data,id}',
           'received_at', e.received_at,
           'last_attempt_at', e.last_attempt_at)
         order by e.id desc), '[]'::jsonb)
  from (select * from webhook_events
         where status = 'failed' or (status = 'received' and received_at < now() - interval '5 minutes')
         order by id desc
         limit least(greatest(coalesce(p_limit, 50), 1), 500)) e
$$;

-- Keeps one reconciliation's outcome; runs older than 90 days are dropped as new ones come.
create function public.record_reconcile_run(
  p_started_at timestamptz,
  p_checked integer,
  p_drifted jsonb,
  p_corrected jsonb,
  p_errors jsonb,
  p_skipped text default null
) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_id bigint;
begin
  insert into reconcile_runs (started_at, checked, drifted, corrected, errors, skipped)
  values (coalesce(p_started_at, now()), greatest(coalesce(p_checked, 0), 0), coalesce(p_drifted, '[]'::jsonb),
          coalesce(p_corrected, '[]'::jsonb), coalesce(p_errors, '[]'::jsonb), p_skipped)
  returning id into v_id;
  delete from reconcile_runs where finished_at < now() - interval '90 days';
  return jsonb_build_object('id', v_id);
end
$$;

create function public.admin_last_reconcile() returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select to_jsonb(r) from reconcile_runs r order by r.id desc limit 1
$$;

revoke all on function
  public.admin_list_users(text, integer, jsonb),
  public.admin_adjust_credits(text, text, bigint, text),
  public.admin_record(text, text, text, jsonb),
  public.admin_list_audit(integer),
  public.admin_stuck_jobs(integer, integer),
  public.admin_failed_webhook_events(integer),
  public.record_reconcile_run(timestamptz, integer, jsonb, jsonb, jsonb, text),
  public.admin_last_reconcile()
from public, anon, authenticated;

grant execute on function
  public.admin_list_users(text, integer, jsonb),
  public.admin_adjust_credits(text, text, bigint, text),
  public.admin_record(text, text, text, jsonb),
  public.admin_list_audit(integer),
  public.admin_stuck_jobs(integer, integer),
  public.admin_failed_webhook_events(integer),
  public.record_reconcile_run(timestamptz, integer, jsonb, jsonb, jsonb, text),
  public.admin_last_reconcile()
to service_role;
