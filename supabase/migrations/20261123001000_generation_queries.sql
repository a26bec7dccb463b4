-- Reading generations (history, status, webhook lookups) and the two claims that keep the
-- refresh of a running job cheap and single: one provider poll per interval, one finisher.

-- A finisher copies outputs to storage before it completes the job; the lease says someone is
-- doing that, and expires so a finisher that died does not block the job forever.
alter table public.generations add column if not exists finishing_until timestamptz;

create function public.get_generation(p_user_id text, p_id uuid) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select to_jsonb(g) from generations g where g.id = p_id and g.user_id = p_user_id
$$;

-- History, newest first. The cursor is the (created_at, id) of the last row already seen.
create function public.list_generations(
  p_user_id text,
  p_limit integer default 20,
  p_before_created_at timestamptz default null,
  p_before_id uuid default null,
  p_kind text default null
) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select jsonb_build_object(
    'items', coalesce(jsonb_agg(to_jsonb(g) order by g.created_at desc, g.id desc), '[]'::jsonb)
  )
  from (
    select * from generations
     where user_id = p_user_id
       and (p_kind is null or kind = p_kind)
       and (p_before_created_at is null
            or (created_at, id) < (p_before_created_at, coalesce(p_before_id, 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid)))
     order by created_at desc, id desc
     limit least(greatest(coalesce(p_limit, 20), 1), 101)
  ) g
$$;

create function public.find_generation_by_provider_job(p_provider text, p_job_id text) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select to_jsonb(g) from generations g
   where g.provider = p_provider and g.provider_job_id = p_job_id
   order by g.created_at desc
   limit 1
$$;

-- Whether this caller may ask the provider about an open job now: at most one poll per interval
-- across every process. `expired` says the job is past its model's timeout.
create function public.claim_generation_poll(p_id uuid, p_min_interval_seconds integer) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_generation generations%rowtype;
begin
  update generations
     set polled_at = now()
   where id = p_id
     and status in ('queued', 'running')
     and (polled_at is null or polled_at + make_interval(secs => p_min_interval_seconds) <= now())
  returning * into v_generation;
  if found then
    return jsonb_build_object(
      'claimed', true,
      'expired', v_generation.created_at + make_interval(secs => v_generation.timeout_seconds) < now(),
      'generation', to_jsonb(v_generation));
  end if;
  select * into v_generation from generations where id = p_id;
  if not found then
    return jsonb_build_object('claimed', false, 'code', 'not_found');
  end if;
  return jsonb_build_object(
    'claimed', false,
    'expired', v_generation.status in ('queued', 'running')
               and v_generation.created_at + make_interval(secs => v_generation.timeout_seconds) < now(),
    'generation', to_jsonb(v_generation));
end
$$;

-- Takes the finishing lease of an open job: the one caller that gets it copies the outputs and
-- completes the job; a webhook and a poll arriving together cannot both do it.
create function public.claim_generation_finish(p_id uuid, p_lease_seconds integer) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_generation generations%rowtype;
begin
  update generations
     set finishing_until = now() + make_interval(secs => p_lease_seconds)
   where id = p_id
     and status in ('queued', 'running')
     and (finishing_until is null or finishing_until < now())
  returning * into v_generation;
  if found then
    return jsonb_build_object('claimed', true, 'generation', to_jsonb(v_generation));
  end if;
  select * into v_generation from generations where id = p_id;
  if not found then
    return jsonb_build_object('claimed', false, 'code', 'not_found');
  end if;
  return jsonb_build_object('claimed', false, 'generation', to_jsonb(v_generation));
end
$$;

-- Gives the lease back when a finisher could not finish (a transient fault), so the next poll
-- or webhook can try again.
create function public.release_generation_finish(p_id uuid) returns jsonb
language sql security definer set search_path = public, pg_temp as $$
  update generations set finishing_until = null
   where id = p_id and status in ('queued', 'running')
  returning jsonb_build_object('code', 'ok')
$$;

-- Running jobs nobody asked about lately (a closed tab, a lost webhook): the sweeper refreshes
-- them from their provider so a finished job is kept rather than refunded at its timeout.
create function public.list_generations_to_refresh(p_min_interval_seconds integer, p_limit integer default 50)
returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select coalesce(jsonb_agg(to_jsonb(g) order by coalesce(g.polled_at, g.created_at)), '[]'::jsonb)
  from (
    select * from generations
     where status = 'running'
       and provider_job_id is not null
       and coalesce(polled_at, created_at) + make_interval(secs => p_min_interval_seconds) <= now()
       and created_at + make_interval(secs => timeout_seconds) >= now()
     order by coalesce(polled_at, created_at)
     limit least(greatest(coalesce(p_limit, 50), 1), 500)
  ) g
$$;

-- complete_generation without waiting for the WAL flush at commit. Only a success goes this way:
-- the reservation was committed synchronously before any provider was called, so a crash that
-- loses this commit leaves the job open, and the sweeper refunds it; it still ends exactly once.
create function public.complete_generation_async(p_generation_id uuid, p_outputs jsonb) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  perform set_config('synchronous_commit', 'off', true);
  return complete_generation(p_generation_id, p_outputs);
end
$$;

revoke all on function
  public.get_generation(text, uuid),
  public.list_generations(text, integer, timestamptz, uuid, text),
  public.find_generation_by_provider_job(text, text),
  public.claim_generation_poll(uuid, integer),
  public.claim_generation_finish(uuid, integer),
  public.release_generation_finish(uuid),
  public.list_generations_to_refresh(integer, integer),
  public.complete_generation_async(uuid, jsonb)
from public, anon, authenticated;

grant execute on function
  public.get_generation(text, uuid),
  public.list_generations(text, integer, timestamptz, uuid, text),
  public.find_generation_by_provider_job(text, text),
  public.claim_generation_poll(uuid, integer),
  public.claim_generation_finish(uuid, integer),
  public.release_generation_finish(uuid),
  public.list_generations_to_refresh(integer, integer),
  public.complete_generation_async(uuid, jsonb)
to service_role;
