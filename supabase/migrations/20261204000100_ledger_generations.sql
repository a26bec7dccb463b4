-- The ledger as Billing shows it: a row that reserved or refunded credits names its generation
-- (kind, model, how it ended and why), so the page can say what a refund was for and link to
-- the job. Rows of other reasons carry no generation.
create or replace function public.list_ledger(p_user_id text, p_limit integer default 50) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select coalesce(jsonb_agg(to_jsonb(l) || jsonb_build_object('generation', g.generation) order by l.id desc), '[]'::jsonb)
  from (select * from credit_ledger where user_id = p_user_id
        order by id desc limit least(greatest(p_limit, 1), 500)) l
  left join lateral (
    select jsonb_build_object('id', gen.id, 'kind', gen.kind, 'model', gen.model, 'status', gen.status,
                              'errorCode', gen.error->>'code') as generation
    from generations gen
    where gen.user_id = p_user_id
      and gen.id = case when l.reason in ('reserve', 'refund')
                          and l.ref ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                        then l.ref::uuid end
  ) g on true
$$;
