-- The functions that move credits. Each is one atomic step, answers a result code instead of
-- raising for expected outcomes, and is callable by the service role alone.

create function public.provision_user(
  p_user_id text,
  p_email text default null,
  p_name text default null,
  p_starter_credits integer default 15
) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_created boolean := false;
  v_balance bigint;
begin
  insert into users (id, email, name) values (p_user_id, p_email, p_name)
  on conflict (id) do nothing;
  v_created := found;

  if v_created then
    insert into user_credits (user_id) values (p_user_id);
    if p_starter_credits > 0 then
      insert into credit_ledger (user_id, delta, balance_after, reason, ref)
      values (p_user_id, p_starter_credits, p_starter_credits, 'starter', 'starter');
    end if;
  elsif p_email is not null or p_name is not null then
    update users
       set email = coalesce(p_email, email), name = coalesce(p_name, name)
     where id = p_user_id
       and (email is distinct from coalesce(p_email, email) or name is distinct from coalesce(p_name, name));
  end if;

  select balance into v_balance from user_credits where user_id = p_user_id;
  return jsonb_build_object(
    'created', v_created,
    'user', (select to_jsonb(u) from users u where u.id = p_user_id),
    'balance', v_balance
  );
end
$$;

create function public.reserve_generation(
  p_user_id text,
  p_kind text,
  p_model text,
  p_provider text,
  p_prompt text,
  p_params jsonb,
  p_price integer,
  p_max_in_flight integer,
  p_timeout_seconds integer,
  p_idempotency_key text default null,
  p_request_hash text default null
) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_account user_credits%rowtype;
  v_existing generations%rowtype;
  v_generation generations%rowtype;
  v_balance bigint;
begin
  if p_price < 0 then
    return jsonb_build_object('code', 'invalid_request', 'message', 'price must not be negative');
  end if;
  -- A lock-free look first: an unknown user, or a request that clearly cannot be afforded or
  -- run, is answered without writing anything. The decision that counts is the conditional
  -- update below, taken under the row lock.
  select * into v_account from user_credits where user_id = p_user_id;
  if not found then
    return jsonb_build_object('code', 'unknown_user');
  end if;
  if p_idempotency_key is null then
    if v_account.balance < p_price then
      return jsonb_build_object('code', 'insufficient_credits', 'price', p_price, 'balance', v_account.balance);
    end if;
    if v_account.jobs_in_flight >= p_max_in_flight then
      return jsonb_build_object('code', 'too_many_jobs',
                                'limit', p_max_in_flight, 'in_flight', v_account.jobs_in_flight);
    end if;
  end if;

  if p_idempotency_key is not null then
    -- A keyed request takes the user's row lock first, so two requests with the same key are
    -- decided one after the other: the second sees the first's generation.
    perform 1 from user_credits where user_id = p_user_id for update;
    select * into v_existing from generations
     where user_id = p_user_id and idempotency_key = p_idempotency_key;
    if found then
      if v_existing.request_hash is distinct from p_request_hash then
        return jsonb_build_object('code', 'idempotency_conflict', 'generation_id', v_existing.id);
      end if;
      return jsonb_build_object('code', 'existing', 'generation', to_jsonb(v_existing),
                                'balance', (select balance from user_credits where user_id = p_user_id));
    end if;
  end if;

  -- The generation row is written before the debit so that the user's row lock, which
  -- serialises every reservation of that user, is held for as little work as possible.
  insert into generations (user_id, kind, model, provider, prompt, params, price,
                           idempotency_key, request_hash, timeout_seconds)
  values (p_user_id, p_kind, p_model, p_provider, p_prompt, coalesce(p_params, '{}'::jsonb), p_price,
          p_idempotency_key, p_request_hash, p_timeout_seconds)
  returning * into v_generation;

  -- Balance and jobs in flight are checked and the job counted in one statement under the row lock.
  update user_credits
     set jobs_in_flight = jobs_in_flight + 1
   where user_id = p_user_id and balance >= p_price and jobs_in_flight < p_max_in_flight
  returning balance into v_balance;

  if not found then
    delete from generations where id = v_generation.id;
    select * into v_account from user_credits where user_id = p_user_id;
    if v_account.balance < p_price then
      return jsonb_build_object('code', 'insufficient_credits',
                                'price', p_price, 'balance', v_account.balance);
    end if;
    return jsonb_build_object('code', 'too_many_jobs',
                              'limit', p_max_in_flight, 'in_flight', v_account.jobs_in_flight);
  end if;

  insert into credit_ledger (user_id, delta, balance_after, reason, ref)
  values (p_user_id, -p_price, v_balance - p_price, 'reserve', v_generation.id::text);

  return jsonb_build_object('code', 'ok', 'generation', to_jsonb(v_generation),
                            'balance', v_balance - p_price);
end
$$;

create function public.mark_generation_running(
  p_generation_id uuid,
  p_provider_job_id text
) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_generation generations%rowtype;
begin
  update generations
     set status = 'running', provider_job_id = p_provider_job_id,
         started_at = coalesce(started_at, now()), updated_at = now()
   where id = p_generation_id and status in ('queued', 'running')
  returning * into v_generation;
  if found then
    return jsonb_build_object('code', 'ok', 'generation', to_jsonb(v_generation));
  end if;
  select * into v_generation from generations where id = p_generation_id;
  if not found then
    return jsonb_build_object('code', 'not_found');
  end if;
  return jsonb_build_object('code', 'already_finished', 'generation', to_jsonb(v_generation));
end
$$;

create function public.complete_generation(
  p_generation_id uuid,
  p_outputs jsonb
) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_generation generations%rowtype;
begin
  update generations
     set status = 'succeeded', outputs = p_outputs, error = null,
         finished_at = now(), updated_at = now()
   where id = p_generation_id and status in ('queued', 'running')
  returning * into v_generation;
  if found then
    update user_credits set jobs_in_flight = greatest(jobs_in_flight - 1, 0)
     where user_id = v_generation.user_id;
    return jsonb_build_object('code', 'ok', 'generation', to_jsonb(v_generation));
  end if;
  select * into v_generation from generations where id = p_generation_id;
  if not found then
    return jsonb_build_object('code', 'not_found');
  end if;
  return jsonb_build_object('code', 'already_finished', 'generation', to_jsonb(v_generation));
end
$$;

create function public.fail_generation(
  p_generation_id uuid,
  p_error jsonb
) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_generation generations%rowtype;
  v_balance bigint;
begin
  update generations
     set status = 'failed', refunded = true, error = p_error,
         finished_at = now(), updated_at = now()
   where id = p_generation_id and status in ('queued', 'running')
  returning * into v_generation;
  if not found then
    select * into v_generation from generations where id = p_generation_id;
    if not found then
      return jsonb_build_object('code', 'not_found');
    end if;
    return jsonb_build_object('code', 'already_finished', 'generation', to_jsonb(v_generation));
  end if;

  update user_credits
     set jobs_in_flight = greatest(jobs_in_flight - 1, 0)
   where user_id = v_generation.user_id
  returning balance into v_balance;

  insert into credit_ledger (user_id, delta, balance_after, reason, ref)
  values (v_generation.user_id, v_generation.price, v_balance + v_generation.price,
          'refund', v_generation.id::text);

  return jsonb_build_object('code', 'refunded', 'generation', to_jsonb(v_generation),
                            'balance', v_balance + v_generation.price);
end
$$;

-- "Replenish to N": the balance becomes max(balance, N), once per reference (an invoice id).
create function public.grant_plan_credits(
  p_user_id text,
  p_target bigint,
  p_ref text,
  p_note text default null
) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_balance bigint;
  v_delta bigint;
begin
  if p_ref is null or length(p_ref) = 0 or p_target < 0 then
    return jsonb_build_object('code', 'invalid_request', 'message', 'a reference and a target of at least 0 are required');
  end if;

  select balance into v_balance from user_credits where user_id = p_user_id for update;
  if not found then
    return jsonb_build_object('code', 'unknown_user');
  end if;

  if exists (select 1 from credit_ledger
              where user_id = p_user_id and reason = 'plan_grant' and ref = p_ref) then
    return jsonb_build_object('code', 'duplicate', 'balance', v_balance);
  end if;

  v_delta := greatest(p_target - v_balance, 0);
  insert into credit_ledger (user_id, delta, balance_after, reason, ref, note)
  values (p_user_id, v_delta, v_balance + v_delta, 'plan_grant', p_ref, p_note);

  return jsonb_build_object('code', 'granted', 'delta', v_delta, 'balance', v_balance + v_delta);
end
$$;

-- An operator's correction. A reason is mandatory so the ledger explains every movement.
create function public.adjust_credits(
  p_user_id text,
  p_delta bigint,
  p_reason text,
  p_ref text default null
) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_balance bigint;
begin
  if p_reason is null or length(btrim(p_reason)) < 3 then
    return jsonb_build_object('code', 'invalid_request', 'message', 'an adjustment needs a reason');
  end if;
  if p_delta is null or p_delta = 0 then
    return jsonb_build_object('code', 'invalid_request', 'message', 'an adjustment needs a non-zero delta');
  end if;

  select balance into v_balance from user_credits where user_id = p_user_id for update;
  if not found then
    return jsonb_build_object('code', 'unknown_user');
  end if;
  if v_balance + p_delta < 0 then
    return jsonb_build_object('code', 'insufficient_credits', 'balance', v_balance, 'price', -p_delta);
  end if;

  insert into credit_ledger (user_id, delta, balance_after, reason, ref, note)
  values (p_user_id, p_delta, v_balance + p_delta, 'adjustment',
          coalesce(p_ref, gen_random_uuid()::text), btrim(p_reason));

  return jsonb_build_object('code', 'ok', 'balance', v_balance + p_delta);
end
$$;

-- Ends what nobody will finish: jobs reserved but never submitted after a grace period, and
-- jobs past their model's timeout. Each is failed and refunded exactly once.
create function public.sweep_generations(
  p_queued_grace_seconds integer default 120,
  p_limit integer default 200
) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_id uuid;
  v_swept jsonb := '[]'::jsonb;
  v_result jsonb;
begin
  for v_id in
    select id from generations
     where status in ('queued', 'running')
       and (created_at + make_interval(secs => timeout_seconds) < now()
            or (status = 'queued' and created_at + make_interval(secs => p_queued_grace_seconds) < now()))
     order by created_at
     limit p_limit
     for update skip locked
  loop
    v_result := fail_generation(v_id, jsonb_build_object(
      'code', 'timeout', 'message', 'The job did not finish in time and its credits were refunded.'));
    if v_result->>'code' = 'refunded' then
      v_swept := v_swept || to_jsonb(v_id);
    end if;
  end loop;
  return jsonb_build_object('swept', v_swept);
end
$$;

create function public.get_account(p_user_id text) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select case when u.id is null then null else jsonb_build_object(
    'user', to_jsonb(u),
    'balance', c.balance,
    'jobs_in_flight', c.jobs_in_flight,
    'subscriptions', coalesce((select jsonb_agg(to_jsonb(s) order by s.source_updated_at desc)
                                 from user_subscriptions s where s.user_id = u.id), '[]'::jsonb)
  ) end
  from users u join user_credits c on c.user_id = u.id
  where u.id = p_user_id
$$;

create function public.list_ledger(p_user_id text, p_limit integer default 50) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select coalesce(jsonb_agg(to_jsonb(l) order by l.id desc), '[]'::jsonb)
  from (select * from credit_ledger where user_id = p_user_id
        order by id desc limit least(greatest(p_limit, 1), 500)) l
$$;

-- Which migrations the database has, in the bookkeeping table the Supabase CLI also uses, so
-- the health check can compare them with the files this build ships.
create function public.applied_migrations() returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_versions jsonb;
begin
  if to_regclass('supabase_migrations.schema_migrations') is null then
    return '[]'::jsonb;
  end if;
  execute 'select coalesce(jsonb_agg(version order by version), ''[]''::jsonb)
             from supabase_migrations.schema_migrations' into v_versions;
  return v_versions;
end
$$;
