-- Rate limits kept in Postgres, so they hold across every app instance without another service.
-- One token bucket per key: `limit` requests per `window` seconds, refilled continuously, taken
-- one at a time under the row lock of a single upsert, so concurrent requests can never take more
-- tokens than there are.
create table public.rate_limit_buckets (
  key         text primary key check (length(key) between 1 and 300),
  tokens      double precision not null,
  updated_at  timestamptz not null
);
create index rate_limit_buckets_idle on public.rate_limit_buckets (updated_at);
alter table public.rate_limit_buckets enable row level security;
revoke all on table public.rate_limit_buckets from public, anon, authenticated;

create function public.hit_rate_limit(p_key text, p_limit integer, p_window_seconds integer) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_rate double precision;
  v_tokens double precision;
begin
  if p_limit < 1 or p_window_seconds < 1 then
    return jsonb_build_object('code', 'invalid_request', 'message', 'a limit and a window of at least 1 are required');
  end if;
  v_rate := p_limit::double precision / p_window_seconds;
  -- clock_timestamp, not now(): a request that waited on the row lock refills by the time it
  -- really takes its token.
  insert into rate_limit_buckets as b (key, tokens, updated_at)
  values (p_key, p_limit - 1, clock_timestamp())
  on conflict (key) do update
     set tokens = least(p_limit, b.tokens + greatest(extract(epoch from clock_timestamp() - b.updated_at), 0) * v_rate) - 1,
         updated_at = clock_timestamp()
   where least(p_limit, b.tokens + greatest(extract(epoch from clock_timestamp() - b.updated_at), 0) * v_rate) >= 1
  returning tokens into v_tokens;
  if found then
    return jsonb_build_object('code', 'ok', 'remaining', floor(v_tokens)::int);
  end if;
  select least(p_limit, tokens + greatest(extract(epoch from clock_timestamp() - updated_at), 0) * v_rate)
    into v_tokens from rate_limit_buckets where key = p_key;
  return jsonb_build_object('code', 'limited', 'retry_after', greatest(ceil((1 - v_tokens) / v_rate), 1)::int);
end
$$;

-- Buckets untouched for a day are full again: dropping them changes nothing but the table size.
create function public.prune_rate_limits(p_idle_seconds integer default 86400) returns jsonb
language sql security definer set search_path = public, pg_temp as $$
  with gone as (
    delete from rate_limit_buckets where updated_at < now() - make_interval(secs => p_idle_seconds) returning 1
  )
  select jsonb_build_object('pruned', (select count(*) from gone))
$$;

revoke all on function public.hit_rate_limit(text, integer, integer), public.prune_rate_limits(integer)
  from public, anon, authenticated;
grant execute on function public.hit_rate_limit(text, integer, integer), public.prune_rate_limits(integer)
  to service_role;
