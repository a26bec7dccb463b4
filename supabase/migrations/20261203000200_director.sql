-- Director jobs run as an ordered list of provider steps (character, keyframe, shot) under one
-- reservation. Each step's state lives on its generation (`steps`, an array in step order), and
-- every change to it goes through a function below that locks the generation row first, so a poll,
-- a webhook and the sweeper arriving together move a step once: one of them claims the right to
-- submit the next step (a lease, so a process that died holding it is replaced), and one of them
-- records a step's end. The generation itself still ends through complete_generation and
-- fail_generation, exactly once.
--
-- A step: {name, status, provider_job_id, output, error, attempts, lease_until, submitted_at,
-- started_at, finished_at}; status is submitting (claimed, not yet accepted upstream), running,
-- succeeded, failed or cancelled.

alter table public.generations add column steps jsonb
  check (steps is null or jsonb_typeof(steps) = 'array');

-- Saved characters: a Soul ID trained from a user's anchor images, kept and reused for the same
-- anchors (anchors_hash is over the images' bytes, in a fixed order) or picked by id later.
create table public.characters (
  id              uuid primary key default gen_random_uuid(),
  user_id         text not null references public.users (id) on delete restrict,
  provider        text not null,
  name            text not null check (length(btrim(name)) between 1 and 100),
  anchors_hash    text not null,
  anchor_keys     text[] not null check (cardinality(anchor_keys) between 1 and 4),
  status          text not null default 'training' check (status in ('training', 'ready', 'failed')),
  reference_id    text,
  error           text,
  training_until  timestamptz,
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now(),
  unique (user_id, provider, anchors_hash),
  check (status <> 'ready' or reference_id is not null)
);
create index characters_user_time on public.characters (user_id, created_at desc);

alter table public.characters enable row level security;
revoke all on table public.characters from public, anon, authenticated;

-- A generation that ends leaves no step claimed or running: a job that succeeded did so with its
-- last step (whose output is the job's); in one that failed, what was still going is cancelled.
create function public.close_open_steps() returns trigger
language plpgsql set search_path = public, pg_temp as $$
begin
  new.steps := (
    select jsonb_agg(case when s->>'status' in ('submitting', 'running')
                          then s || jsonb_build_object(
                                 'status', case when new.status = 'succeeded' then 'succeeded' else 'cancelled' end,
                                 'finished_at', now(), 'lease_until', null)
                          else s end order by i)
      from jsonb_array_elements(new.steps) with ordinality as e(s, i));
  return new;
end
$$;

create trigger generations_close_steps before update of status on public.generations
  for each row when (new.status in ('succeeded', 'failed') and new.steps is not null and jsonb_array_length(new.steps) > 0)
  execute function public.close_open_steps();

-- The right to submit step p_index: granted to one caller while the job is open and the step
-- before it succeeded; granted again only once the holder's lease ran out without the step
-- being accepted upstream (its process died), with the attempt counted.
create function public.claim_generation_step(p_id uuid, p_index integer, p_name text, p_lease_seconds integer)
returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_generation generations%rowtype;
  v_steps jsonb;
  v_count integer;
  v_step jsonb;
  v_lease timestamptz := now() + make_interval(secs => greatest(p_lease_seconds, 1));
begin
  select * into v_generation from generations where id = p_id for update;
  if not found then
    return jsonb_build_object('code', 'not_found');
  end if;
  if v_generation.status not in ('queued', 'running') then
    return jsonb_build_object('code', 'already_finished', 'generation', to_jsonb(v_generation));
  end if;
  v_steps := coalesce(v_generation.steps, '[]'::jsonb);
  v_count := jsonb_array_length(v_steps);

  if p_index = v_count and (p_index = 0 or v_steps->(p_index - 1)->>'status' = 'succeeded') then
    v_steps := v_steps || jsonb_build_array(jsonb_build_object(
      'name', p_name, 'status', 'submitting', 'attempts', 1, 'lease_until', v_lease, 'submitted_at', now()));
  elsif p_index = v_count - 1 then
    v_step := v_steps->p_index;
    if v_step->>'status' <> 'submitting' or (v_step->>'lease_until')::timestamptz > now() then
      return jsonb_build_object('code', 'held', 'generation', to_jsonb(v_generation));
    end if;
    v_steps := jsonb_set(v_steps, array[p_index::text], v_step || jsonb_build_object(
      'attempts', coalesce((v_step->>'attempts')::integer, 0) + 1, 'lease_until', v_lease, 'submitted_at', now()));
  else
    return jsonb_build_object('code', 'held', 'generation', to_jsonb(v_generation));
  end if;

  update generations set steps = v_steps, updated_at = now() where id = p_id returning * into v_generation;
  return jsonb_build_object('code', 'claimed', 'generation', to_jsonb(v_generation));
end
$$;

-- A claimed step was accepted upstream: it runs under the provider's job id, and so does the
-- generation (webhooks and polls find it by that id).
create function public.mark_generation_step_running(p_id uuid, p_index integer, p_provider_job_id text)
returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_generation generations%rowtype;
  v_step jsonb;
begin
  select * into v_generation from generations where id = p_id for update;
  if not found then
    return jsonb_build_object('code', 'not_found');
  end if;
  v_step := v_generation.steps->p_index;
  if v_generation.status not in ('queued', 'running') or v_step is null then
    return jsonb_build_object('code', 'already_finished', 'generation', to_jsonb(v_generation));
  end if;
  if v_step->>'status' = 'running' and v_step->>'provider_job_id' = p_provider_job_id then
    return jsonb_build_object('code', 'ok', 'generation', to_jsonb(v_generation));
  end if;
  if v_step->>'status' <> 'submitting' then
    return jsonb_build_object('code', 'already_finished', 'generation', to_jsonb(v_generation));
  end if;
  update generations
     set steps = jsonb_set(steps, array[p_index::text], v_step || jsonb_build_object(
           'status', 'running', 'provider_job_id', p_provider_job_id, 'lease_until', null,
           'started_at', coalesce(v_step->'started_at', to_jsonb(now())))),
         status = 'running', provider_job_id = p_provider_job_id,
         started_at = coalesce(started_at, now()), updated_at = now()
   where id = p_id
  returning * into v_generation;
  return jsonb_build_object('code', 'ok', 'generation', to_jsonb(v_generation));
end
$$;

-- A step's success, recorded once: the caller that gets 'ok' goes on to the next step; every
-- other caller (a second poll, a webhook) gets 'already_finished' and does nothing.
create function public.finish_generation_step(p_id uuid, p_index integer, p_provider_job_id text, p_output jsonb)
returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_generation generations%rowtype;
  v_step jsonb;
begin
  select * into v_generation from generations where id = p_id for update;
  if not found then
    return jsonb_build_object('code', 'not_found');
  end if;
  v_step := v_generation.steps->p_index;
  if v_generation.status not in ('queued', 'running') or v_step is null
     or v_step->>'status' not in ('submitting', 'running') then
    return jsonb_build_object('code', 'already_finished', 'generation', to_jsonb(v_generation));
  end if;
  update generations
     set steps = jsonb_set(steps, array[p_index::text], v_step || jsonb_build_object(
           'status', 'succeeded', 'provider_job_id', coalesce(p_provider_job_id, v_step->>'provider_job_id'),
           'output', coalesce(p_output, '{}'::jsonb), 'lease_until', null,
           'started_at', coalesce(v_step->'started_at', to_jsonb(now())), 'finished_at', now())),
         status = 'running', started_at = coalesce(started_at, now()), updated_at = now()
   where id = p_id
  returning * into v_generation;
  return jsonb_build_object('code', 'ok', 'generation', to_jsonb(v_generation));
end
$$;

-- A step's failure ends the job: the step says why, and the reservation is refunded once.
create function public.fail_generation_step(p_id uuid, p_index integer, p_error jsonb)
returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_generation generations%rowtype;
  v_step jsonb;
begin
  select * into v_generation from generations where id = p_id for update;
  if not found then
    return jsonb_build_object('code', 'not_found');
  end if;
  v_step := v_generation.steps->p_index;
  if v_generation.status not in ('queued', 'running') then
    return jsonb_build_object('code', 'already_finished', 'generation', to_jsonb(v_generation));
  end if;
  if v_step is not null and v_step->>'status' in ('submitting', 'running') then
    update generations
       set steps = jsonb_set(steps, array[p_index::text], v_step || jsonb_build_object(
             'status', 'failed', 'error', p_error, 'lease_until', null, 'finished_at', now()))
     where id = p_id;
  end if;
  return fail_generation(p_id, p_error);
end
$$;

-- The user's character for these anchors, created when there is none; one that failed to train
-- starts over (the same anchors may train this time), keeping its id.
create function public.ensure_character(p_user_id text, p_provider text, p_anchors_hash text, p_anchor_keys text[], p_name text)
returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_character characters%rowtype;
begin
  insert into characters (user_id, provider, name, anchors_hash, anchor_keys)
  values (p_user_id, p_provider, btrim(p_name), p_anchors_hash, p_anchor_keys)
  on conflict (user_id, provider, anchors_hash) do nothing
  returning * into v_character;
  if found then
    return jsonb_build_object('code', 'created', 'character', to_jsonb(v_character));
  end if;
  update characters
     set status = 'training', reference_id = null, error = null, training_until = null, updated_at = now()
   where user_id = p_user_id and provider = p_provider and anchors_hash = p_anchors_hash and status = 'failed'
  returning * into v_character;
  if found then
    return jsonb_build_object('code', 'retrain', 'character', to_jsonb(v_character));
  end if;
  select * into v_character from characters
   where user_id = p_user_id and provider = p_provider and anchors_hash = p_anchors_hash;
  return jsonb_build_object('code', 'existing', 'character', to_jsonb(v_character));
end
$$;

-- The right to start a character's training upstream: one caller at a time, for as long as no
-- reference id was recorded, again once the holder's lease ran out.
create function public.claim_character_training(p_id uuid, p_lease_seconds integer) returns boolean
language sql security definer set search_path = public, pg_temp as $$
  with claimed as (
    update characters
       set training_until = now() + make_interval(secs => greatest(p_lease_seconds, 1)), updated_at = now()
     where id = p_id and status = 'training' and reference_id is null
       and (training_until is null or training_until < now())
    returning 1)
  select exists (select 1 from claimed)
$$;

create function public.set_character_reference(p_id uuid, p_reference_id text) returns jsonb
language sql security definer set search_path = public, pg_temp as $$
  update characters set reference_id = p_reference_id, training_until = null, updated_at = now()
   where id = p_id and status = 'training' and reference_id is null
  returning to_jsonb(characters.*)
$$;

-- Training ended upstream: ready to use, or failed with the provider's reason (p_reference_id ''
-- for a training the provider refused to start).
create function public.finish_character(p_id uuid, p_reference_id text, p_ready boolean, p_error text)
returns jsonb
language sql security definer set search_path = public, pg_temp as $$
  update characters
     set status = case when p_ready then 'ready' else 'failed' end,
         error = case when p_ready then null else p_error end, updated_at = now()
   where id = p_id and status = 'training' and reference_id is not distinct from nullif(p_reference_id, '')
     and (not p_ready or reference_id is not null)
  returning to_jsonb(characters.*)
$$;

create function public.get_character(p_user_id text, p_id uuid) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select to_jsonb(c) from characters c where c.id = p_id and c.user_id = p_user_id
$$;

create function public.list_characters(p_user_id text, p_limit integer) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select coalesce(jsonb_agg(to_jsonb(c) order by c.created_at desc, c.id), '[]'::jsonb)
    from (select * from characters where user_id = p_user_id
           order by created_at desc, id limit least(greatest(coalesce(p_limit, 50), 1), 200)) c
$$;

create function public.rename_character(p_user_id text, p_id uuid, p_name text) returns jsonb
language sql security definer set search_path = public, pg_temp as $$
  update characters set name = btrim(p_name), updated_at = now()
   where id = p_id and user_id = p_user_id
  returning to_jsonb(characters.*)
$$;

-- A job by id alone, for server code that acts on jobs it did not start (the sweeper cancelling
-- at the provider what it just refunded).
create function public.get_generation_by_id(p_id uuid) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select to_jsonb(g) from generations g where g.id = p_id
$$;

revoke all on function
  public.close_open_steps(),
  public.get_generation_by_id(uuid),
  public.claim_generation_step(uuid, integer, text, integer),
  public.mark_generation_step_running(uuid, integer, text),
  public.finish_generation_step(uuid, integer, text, jsonb),
  public.fail_generation_step(uuid, integer, jsonb),
  public.ensure_character(text, text, text, text[], text),
  public.claim_character_training(uuid, integer),
  public.set_character_reference(uuid, text),
  public.finish_character(uuid, text, boolean, text),
  public.get_character(text, uuid),
  public.list_characters(text, integer),
  public.rename_character(text, uuid, text)
from public, anon, authenticated;

grant execute on function
  public.get_generation_by_id(uuid),
  public.claim_generation_step(uuid, integer, text, integer),
  public.mark_generation_step_running(uuid, integer, text),
  public.finish_generation_step(uuid, integer, text, jsonb),
  public.fail_generation_step(uuid, integer, jsonb),
  public.ensure_character(text, text, text, text[], text),
  public.claim_character_training(uuid, integer),
  public.set_character_reference(uuid, text),
  public.finish_character(uuid, text, boolean, text),
  public.get_character(text, uuid),
  public.list_characters(text, integer),
  public.rename_character(text, uuid, text)
to service_role;
