-- The reservation decides the plan check (and takes the generation rate limit) too, so a
-- generation makes one database call before it is dispatched. The catalog passes the model's access tier and its plan table
-- ({"<plan>": {"rank": n, "access": ["standard", ...], "jobs_in_flight": n}}); the user's
-- effective plan is read from their subscriptions in the same step, with the access rules of
-- SPEC section 1.

-- Whether a subscription gives its plan's access now: active, on trial, past due, or cancelled
-- before its end. (lib/billing/effective-plan.ts holds the same rule for what pages show; a test
-- holds the two to the same table of cases.)
create function public.subscription_grants_access(p_status text, p_ends_at timestamptz) returns boolean
language sql stable set search_path = public, pg_temp as $$
  select p_status in ('active', 'on_trial', 'past_due')
      or (p_status = 'cancelled' and p_ends_at is not null and p_ends_at > now())
$$;

-- The highest plan of p_plans any of the user's subscriptions grants now; the lowest plan
-- (free) when none does.
create function public.effective_plan(p_user_id text, p_plans jsonb) returns text
language sql stable security definer set search_path = public, pg_temp as $$
  select coalesce(
    (select s.plan from user_subscriptions s
      where s.user_id = p_user_id
        and p_plans ? s.plan
        and subscription_grants_access(s.status, s.ends_at)
      order by (p_plans #>> array[s.plan, 'rank'])::int desc
      limit 1),
    (select key from jsonb_each(p_plans) order by (value->>'rank')::int limit 1))
$$;

drop function if exists public.reserve_generation(text, text, text, text, text, jsonb, integer, integer, integer, text, text);

create function public.reserve_generation(
  p_user_id text,
  p_kind text,
  p_model text,
  p_provider text,
  p_prompt text,
  p_params jsonb,
  p_price integer,
  p_access text,
  p_plans jsonb,
  p_timeout_seconds integer,
  p_idempotency_key text default null,
  p_request_hash text default null,
  p_rate_limit jsonb default null
) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_account user_credits%rowtype;
  v_existing generations%rowtype;
  v_generation generations%rowtype;
  v_balance bigint;
  v_plan text;
  v_max_in_flight integer;
  v_hit jsonb;
begin
  if p_price < 0 then
    return jsonb_build_object('code', 'invalid_request', 'message', 'price must not be negative');
  end if;
  -- A lock-free look first: an unknown user, a model above the plan, or a request that clearly
  -- cannot be afforded or run is answered without writing anything. The decision on money that
  -- counts is the conditional update below, taken under the row lock.
  select * into v_account from user_credits where user_id = p_user_id;
  if not found then
    return jsonb_build_object('code', 'unknown_user');
  end if;

  if p_rate_limit is not null then
    v_hit := hit_rate_limit(p_rate_limit->>'key', (p_rate_limit->>'limit')::int, (p_rate_limit->>'window_seconds')::int);
    if v_hit->>'code' = 'limited' then
      return jsonb_build_object('code', 'rate_limited', 'retry_after', (v_hit->>'retry_after')::int);
    end if;
  end if;

  v_plan := effective_plan(p_user_id, p_plans);
  if not coalesce(p_plans #> array[v_plan, 'access'] ? p_access, false) then
    return jsonb_build_object('code', 'plan_required', 'plan', v_plan,
      'required_plan', (select key from jsonb_each(p_plans)
                         where value->'access' ? p_access
                         order by (value->>'rank')::int limit 1));
  end if;
  v_max_in_flight := (p_plans #>> array[v_plan, 'jobs_in_flight'])::int;

  if p_idempotency_key is null then
    if v_account.balance < p_price then
      return jsonb_build_object('code', 'insufficient_credits', 'price', p_price, 'balance', v_account.balance);
    end if;
    if v_account.jobs_in_flight >= v_max_in_flight then
      return jsonb_build_object('code', 'too_many_jobs',
                                'limit', v_max_in_flight, 'in_flight', v_account.jobs_in_flight);
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
   where user_id = p_user_id and balance >= p_price and jobs_in_flight < v_max_in_flight
  returning balance into v_balance;

  if not found then
    delete from generations where id = v_generation.id;
    select * into v_account from user_credits where user_id = p_user_id;
    if v_account.balance < p_price then
      return jsonb_build_object('code', 'insufficient_credits',
                                'price', p_price, 'balance', v_account.balance);
    end if;
    return jsonb_build_object('code', 'too_many_jobs',
                              'limit', v_max_in_flight, 'in_flight', v_account.jobs_in_flight);
  end if;

  insert into credit_ledger (user_id, delta, balance_after, reason, ref)
  values (p_user_id, -p_price, v_balance - p_price, 'reserve', v_generation.id::text);

  return jsonb_build_object('code', 'ok', 'plan', v_plan, 'generation', to_jsonb(v_generation),
                            'balance', v_balance - p_price);
end
$$;

revoke all on function
  public.subscription_grants_access(text, timestamptz),
  public.effective_plan(text, jsonb),
  public.reserve_generation(text, text, text, text, text, jsonb, integer, text, jsonb, integer, text, text, jsonb)
from public, anon, authenticated;

grant execute on function
  public.subscription_grants_access(text, timestamptz),
  public.effective_plan(text, jsonb),
  public.reserve_generation(text, text, text, text, text, jsonb, integer, text, jsonb, integer, text, text, jsonb)
to service_role;
