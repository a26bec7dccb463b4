-- Concurrent sweepers (every app server runs one) deadlocked: each failed its batch of jobs in
-- creation order, taking each owner's credit row lock as it went, so two sweepers whose batches
-- held the same users in crossing orders waited on each other. The batch is still the oldest
-- stale jobs, locked up front (skip locked), but it is refunded in user order, so every sweeper
-- takes credit row locks in one global order.
create or replace function public.sweep_generations(
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
    select batch.id from (
      select id, user_id, created_at from generations
       where status in ('queued', 'running')
         and (created_at + make_interval(secs => timeout_seconds) < now()
              or (status = 'queued' and created_at + make_interval(secs => p_queued_grace_seconds) < now()))
       order by created_at
       limit p_limit
       for update skip locked
    ) batch
    order by batch.user_id, batch.created_at
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
