-- Only the server moves credits. Supabase grants ALL on new objects in public to anon and
-- authenticated through default privileges, and PostgreSQL grants EXECUTE on every new
-- function to PUBLIC: take all of it back, then give the service role what it calls.

revoke all on all tables in schema public from public, anon, authenticated;
revoke all on all sequences in schema public from public, anon, authenticated;
revoke all on all functions in schema public from public, anon, authenticated;

alter default privileges in schema public revoke all on tables from public, anon, authenticated;
alter default privileges in schema public revoke all on sequences from public, anon, authenticated;
alter default privileges in schema public revoke all on functions from public, anon, authenticated;

grant usage on schema public to service_role;
grant execute on function
  public.provision_user(text, text, text, integer),
  public.reserve_generation(text, text, text, text, text, jsonb, integer, integer, integer, text, text),
  public.mark_generation_running(uuid, text),
  public.complete_generation(uuid, jsonb),
  public.fail_generation(uuid, jsonb),
  public.grant_plan_credits(text, bigint, text, text),
  public.adjust_credits(text, bigint, text, text),
  public.sweep_generations(integer, integer),
  public.get_account(text),
  public.list_ledger(text, integer),
  public.applied_migrations()
to service_role;
