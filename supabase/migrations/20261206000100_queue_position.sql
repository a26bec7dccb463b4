-- Where a dispatched job waits at its provider: a provider that queues jobs (fal) says how many
-- requests are ahead of it, and the Studio shows that while the job has not started rendering.
-- The figure lives on the job and is cleared when the provider reports it running.

alter table public.generations add column if not exists queue_position integer
  check (queue_position is null or queue_position >= 0);

drop function public.mark_generation_running(uuid, text);

create function public.mark_generation_running(
  p_generation_id uuid,
  p_provider_job_id text,
  p_queue_position integer default null
) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_generation generations%rowtype;
begin
  update generations
     set status = 'running', provider_job_id = p_provider_job_id,
         queue_position = case when p_queue_position is null then null else greatest(p_queue_position, 0) end,
         started_at = coalesce(started_at, now()), updated_at = now()
   where id = p_generation_id and status in ('queued', 'running')
  returning * into v_generation;
  if found then
    return jsonb_build_object('code', 'ok', 'generation', to_jsonb(v_generation));
  end if;
  return generation_answer(p_generation_id, '{"code": "already_finished"}');
end
$$;

revoke all on function public.mark_generation_running(uuid, text, integer) from public, anon, authenticated;
grant execute on function public.mark_generation_running(uuid, text, integer) to service_role;
