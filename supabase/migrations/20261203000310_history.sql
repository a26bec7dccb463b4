-- History: favourites among a user's own generations, the filtered history list the History page
-- reads (kind, model, status, a time range, text in the prompt, favourites only; the same exact
-- cursor as list_generations), and the ledger rows one generation wrote.

create table public.generation_favourites (
  user_id        text not null references public.users (id) on delete restrict,
  generation_id  uuid not null references public.generations (id) on delete cascade,
  created_at     timestamptz not null default now(),
  primary key (user_id, generation_id)
);

alter table public.generation_favourites enable row level security;
revoke all on table public.generation_favourites from public, anon, authenticated;

-- A generation's ledger rows (its reservation, its refund) carry its id as their ref.
create index credit_ledger_user_ref on public.credit_ledger (user_id, ref);

-- History, newest first, filtered; each item is the generations row plus `favourite`.
-- p_kinds null means every kind; p_to is exclusive; p_search is a literal, case-insensitive
-- substring of the prompt (% and _ in it match themselves). One row past the page is read to
-- learn whether another page follows, so the filters are written once.
create function public.list_history(
  p_user_id text,
  p_limit integer default 20,
  p_cursor text default null,
  p_kinds text[] default null,
  p_model text default null,
  p_status text default null,
  p_from timestamptz default null,
  p_to timestamptz default null,
  p_search text default null,
  p_favourites boolean default false
) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_limit integer := least(greatest(coalesce(p_limit, 20), 1), 100);
  v_before_at timestamptz;
  v_before_id uuid;
  v_pattern text;
  v_items jsonb;
  v_more boolean;
  v_last_at timestamptz;
  v_last_id uuid;
  v_next text;
begin
  if p_cursor is not null then
    if p_cursor !~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
      return jsonb_build_object('code', 'invalid_cursor');
    end if;
    begin
      v_before_at := (split_part(p_cursor, '|', 1))::timestamp at time zone 'UTC';
      v_before_id := split_part(p_cursor, '|', 2)::uuid;
    exception when others then
      return jsonb_build_object('code', 'invalid_cursor');
    end;
  end if;

  if p_search is not null and length(p_search) > 0 then
    v_pattern := '%' || replace(replace(replace(left(p_search, 200), E'\\', E'\\\\'), '%', E'\\%'), '_', E'\\_') || '%';
  end if;

  select coalesce(jsonb_agg(to_jsonb(r) - 'n' order by r.n) filter (where r.n <= v_limit), '[]'::jsonb),
         count(*) > v_limit,
         (array_agg(r.created_at) filter (where r.n = v_limit))[1],
         (array_agg(r.id) filter (where r.n = v_limit))[1]
    into v_items, v_more, v_last_at, v_last_id
    from (select q.*, row_number() over (order by q.created_at desc, q.id desc) as n
            from (select g.*, (f.generation_id is not null) as favourite
                    from generations g
                    left join generation_favourites f on f.user_id = p_user_id and f.generation_id = g.id
                   where g.user_id = p_user_id
                     and (p_kinds is null or g.kind = any (p_kinds))
                     and (p_model is null or g.model = p_model)
                     and (p_status is null or g.status = p_status)
                     and (p_from is null or g.created_at >= p_from)
                     and (p_to is null or g.created_at < p_to)
                     and (v_pattern is null or g.prompt ilike v_pattern escape E'\\')
                     and (not coalesce(p_favourites, false) or f.generation_id is not null)
                     and (v_before_at is null or (g.created_at, g.id) < (v_before_at, v_before_id))
                   order by g.created_at desc, g.id desc
                   limit v_limit + 1) q) r;

  if v_more then
    v_next := to_char(v_last_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '|' || v_last_id::text;
  end if;

  return jsonb_build_object('code', 'ok', 'items', v_items, 'next_cursor', v_next);
end
$$;

-- Marks or unmarks one of the user's own generations; anyone else's id is not_found.
create function public.set_generation_favourite(
  p_user_id text,
  p_generation_id uuid,
  p_favourite boolean
) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  if not exists (select 1 from generations where id = p_generation_id and user_id = p_user_id) then
    return jsonb_build_object('code', 'not_found');
  end if;
  if p_favourite then
    insert into generation_favourites (user_id, generation_id) values (p_user_id, p_generation_id)
    on conflict do nothing;
  else
    delete from generation_favourites where user_id = p_user_id and generation_id = p_generation_id;
  end if;
  return jsonb_build_object('code', 'ok', 'favourite', p_favourite);
end
$$;

-- The ledger rows of one of the user's own generations, oldest first, with the generation's
-- status and error (why a refund happened); anyone else's id is not_found.
create function public.get_generation_ledger(p_user_id text, p_generation_id uuid) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_generation generations%rowtype;
begin
  select * into v_generation from generations where id = p_generation_id and user_id = p_user_id;
  if not found then
    return jsonb_build_object('code', 'not_found');
  end if;
  return jsonb_build_object(
    'code', 'ok',
    'status', v_generation.status,
    'error', v_generation.error,
    'rows', coalesce((
      select jsonb_agg(jsonb_build_object('delta', l.delta, 'reason', l.reason, 'balance_after', l.balance_after,
                                          'created_at', l.created_at, 'note', l.note) order by l.id)
        from credit_ledger l
       where l.user_id = p_user_id and l.ref = p_generation_id::text), '[]'::jsonb));
end
$$;

revoke all on function
  public.list_history(text, integer, text, text[], text, text, timestamptz, timestamptz, text, boolean),
  public.set_generation_favourite(text, uuid, boolean),
  public.get_generation_ledger(text, uuid)
from public, anon, authenticated;

grant execute on function
  public.list_history(text, integer, text, text[], text, text, timestamptz, timestamptz, text, boolean),
  public.set_generation_favourite(text, uuid, boolean),
  public.get_generation_ledger(text, uuid)
to service_role;
