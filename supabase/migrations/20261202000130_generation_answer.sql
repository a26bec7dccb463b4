-- The answer a generation function gives when its update found no open job to change, written
-- once: p_answer with the row as it is, or with code not_found.
create function public.generation_answer(p_id uuid, p_answer jsonb) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select p_answer || coalesce((select jsonb_build_object('generation', to_jsonb(g)) from generations g where g.id = p_id),
                              jsonb_build_object('code', 'not_found'))
$$;

revoke all on function public.generation_answer(uuid, jsonb) from public, anon, authenticated;
grant execute on function public.generation_answer(uuid, jsonb) to service_role;

create or replace function public.mark_generation_running(
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
  return generation_answer(p_generation_id, '{"code": "already_finished"}');
end
$$;

create or replace function public.complete_generation(
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
  if not found then
    return generation_answer(p_generation_id, '{"code": "already_finished"}');
  end if;
  update user_credits set jobs_in_flight = greatest(jobs_in_flight - 1, 0)
   where user_id = v_generation.user_id;
  return jsonb_build_object('code', 'ok', 'generation', to_jsonb(v_generation));
end
$$;

create or replace function public.fail_generation(
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
    return generation_answer(p_generation_id, '{"code": "already_finished"}');
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

create or replace function public.claim_generation_finish(p_id uuid, p_lease_seconds integer) returns jsonb
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
  return generation_answer(p_id, '{"claimed": false}');
end
$$;
