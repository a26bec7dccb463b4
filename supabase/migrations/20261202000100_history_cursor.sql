-- History paging with a cursor the database writes and reads itself. The old cursor took the last
-- row's created_at as a timestamptz parameter; postgres.js turns such a parameter into a
-- JavaScript Date, which keeps milliseconds only, so rows created in the same millisecond as a
-- page's last row were skipped. The cursor is now text carrying the timestamp to the microsecond
-- (in UTC) and the id; it is parsed and compared in SQL, so no backend's driver ever rounds it.

drop function if exists public.list_generations(text, integer, timestamptz, uuid, text);

-- History, newest first. p_cursor is the next_cursor of the previous page; an unreadable cursor
-- answers invalid_cursor rather than an error or an arbitrary page.
create function public.list_generations(
  p_user_id text,
  p_limit integer default 20,
  p_cursor text default null,
  p_kind text default null
) returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_limit integer := least(greatest(coalesce(p_limit, 20), 1), 100);
  v_before_at timestamptz;
  v_before_id uuid;
  v_items jsonb;
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

  select coalesce(jsonb_agg(to_jsonb(g) order by g.created_at desc, g.id desc), '[]'::jsonb),
         (array_agg(g.created_at order by g.created_at, g.id))[1],
         (array_agg(g.id order by g.created_at, g.id))[1]
    into v_items, v_last_at, v_last_id
    from (select * from generations
           where user_id = p_user_id
             and (p_kind is null or kind = p_kind)
             and (v_before_at is null or (created_at, id) < (v_before_at, v_before_id))
           order by created_at desc, id desc
           limit v_limit) g;

  if v_last_id is not null and exists (
    select 1 from generations
     where user_id = p_user_id
       and (p_kind is null or kind = p_kind)
       and (created_at, id) < (v_last_at, v_last_id)) then
    v_next := to_char(v_last_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '|' || v_last_id::text;
  end if;

  return jsonb_build_object('code', 'ok', 'items', v_items, 'next_cursor', v_next);
end
$$;

revoke all on function public.list_generations(text, integer, text, text) from public, anon, authenticated;
grant execute on function public.list_generations(text, integer, text, text) to service_role;
