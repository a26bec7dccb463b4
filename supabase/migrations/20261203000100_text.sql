-- Text work: each user's brand profile, chat threads and their messages, marketing kits and
-- production reports. Every text request is also a row in generations (kind chat or text), so it
-- is reserved, refunded and swept exactly like media; the rows here keep what it produced.

create table public.brand_profiles (
  user_id     text primary key references public.users (id) on delete restrict,
  name        text not null default '' check (length(name) <= 120),
  offer       text not null default '' check (length(offer) <= 1000),
  audience    text not null default '' check (length(audience) <= 1000),
  voice       text not null default '' check (length(voice) <= 500),
  links       jsonb not null default '[]'::jsonb check (jsonb_typeof(links) = 'array' and jsonb_array_length(links) <= 10),
  updated_at  timestamptz not null default now()
);

-- An assistant answer cut short keeps its text: partial (the provider failed mid-stream, refunded)
-- or interrupted (the client left after text arrived, charged).
alter table public.chat_messages
  add column status text not null default 'complete' check (status in ('complete', 'partial', 'interrupted'));

create table public.marketing_kits (
  id                    uuid primary key default gen_random_uuid(),
  user_id               text not null references public.users (id) on delete restrict,
  brief                 text not null,
  channels              text[] not null,
  tone                  text not null,
  source_generation_id  uuid references public.generations (id),
  kit                   jsonb not null,
  generation_id         uuid references public.generations (id),
  created_at            timestamptz not null default now()
);
create index marketing_kits_user on public.marketing_kits (user_id, created_at desc, id desc);

-- Which provider wrote a report's narrative (gemini, openai when Gemini failed, demo).
alter table public.reports add column provider text;
alter table public.reports add column recommendations jsonb not null default '[]'::jsonb;

alter table public.brand_profiles enable row level security;
alter table public.marketing_kits enable row level security;
revoke all on table public.brand_profiles, public.marketing_kits from public, anon, authenticated;

-- History shows media unless a kind is asked for: text work is listed where it lives.
create or replace function public.list_generations(
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
             and (kind = p_kind or (p_kind is null and kind in ('image', 'video', 'director')))
             and (v_before_at is null or (created_at, id) < (v_before_at, v_before_id))
           order by created_at desc, id desc
           limit v_limit) g;

  if v_last_id is not null and exists (
    select 1 from generations
     where user_id = p_user_id
       and (kind = p_kind or (p_kind is null and kind in ('image', 'video', 'director')))
       and (created_at, id) < (v_last_at, v_last_id)) then
    v_next := to_char(v_last_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '|' || v_last_id::text;
  end if;

  return jsonb_build_object('code', 'ok', 'items', v_items, 'next_cursor', v_next);
end
$$;


create function public.get_brand(p_user_id text) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select coalesce(
    (select to_jsonb(b) - 'user_id' from brand_profiles b where b.user_id = p_user_id),
    jsonb_build_object('name', '', 'offer', '', 'audience', '', 'voice', '', 'links', '[]'::jsonb, 'updated_at', null))
$$;

create function public.put_brand(
  p_user_id text, p_name text, p_offer text, p_audience text, p_voice text, p_links jsonb
) returns jsonb
language sql security definer set search_path = public, pg_temp as $$
  insert into brand_profiles as b (user_id, name, offer, audience, voice, links)
  values (p_user_id, p_name, p_offer, p_audience, p_voice, p_links)
  on conflict (user_id) do update
     set name = excluded.name, offer = excluded.offer, audience = excluded.audience,
         voice = excluded.voice, links = excluded.links, updated_at = now()
  returning to_jsonb(b) - 'user_id'
$$;

create function public.create_chat_thread(p_user_id text, p_title text) returns jsonb
language sql security definer set search_path = public, pg_temp as $$
  insert into chat_threads as t (user_id, title) values (p_user_id, p_title)
  returning to_jsonb(t) - 'user_id'
$$;

create function public.list_chat_threads(p_user_id text, p_limit integer default 50) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select jsonb_build_object('items', coalesce(jsonb_agg(to_jsonb(t) - 'user_id' order by t.updated_at desc, t.id), '[]'::jsonb))
  from (select * from chat_threads where user_id = p_user_id
         order by updated_at desc, id limit least(greatest(coalesce(p_limit, 50), 1), 200)) t
$$;

-- A thread of the user's with its newest p_message_limit messages, oldest first; null otherwise.
create function public.get_chat_thread(p_user_id text, p_id uuid, p_message_limit integer default 200) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select jsonb_build_object(
    'thread', to_jsonb(t) - 'user_id',
    'messages', coalesce((
      select jsonb_agg(jsonb_build_object('id', m.id, 'role', m.role, 'content', m.content, 'status', m.status,
                                          'generation_id', m.generation_id, 'created_at', m.created_at) order by m.id)
        from (select * from chat_messages where thread_id = t.id
               order by id desc limit least(greatest(coalesce(p_message_limit, 200), 1), 1000)) m), '[]'::jsonb))
  from chat_threads t where t.id = p_id and t.user_id = p_user_id
$$;

create function public.rename_chat_thread(p_user_id text, p_id uuid, p_title text) returns jsonb
language sql security definer set search_path = public, pg_temp as $$
  update chat_threads t set title = p_title, updated_at = now()
   where t.id = p_id and t.user_id = p_user_id
  returning to_jsonb(t) - 'user_id'
$$;

create function public.delete_chat_thread(p_user_id text, p_id uuid) returns jsonb
language sql security definer set search_path = public, pg_temp as $$
  with gone as (delete from chat_threads where id = p_id and user_id = p_user_id returning 1)
  select jsonb_build_object('deleted', exists (select 1 from gone))
$$;

-- Appends a message to a thread of the user's (null for anyone else's thread) and moves the
-- thread to the top of the list.
create function public.add_chat_message(
  p_user_id text, p_thread_id uuid, p_role text, p_content text, p_generation_id uuid, p_status text default 'complete'
) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_message chat_messages%rowtype;
begin
  update chat_threads set updated_at = now() where id = p_thread_id and user_id = p_user_id;
  if not found then
    return null;
  end if;
  insert into chat_messages (thread_id, role, content, generation_id, status)
  values (p_thread_id, p_role, p_content, p_generation_id, coalesce(p_status, 'complete'))
  returning * into v_message;
  return to_jsonb(v_message);
end
$$;

create function public.save_marketing_kit(
  p_user_id text, p_brief text, p_channels text[], p_tone text, p_source_generation_id uuid, p_kit jsonb, p_generation_id uuid
) returns jsonb
language sql security definer set search_path = public, pg_temp as $$
  insert into marketing_kits as k (user_id, brief, channels, tone, source_generation_id, kit, generation_id)
  values (p_user_id, p_brief, p_channels, p_tone, p_source_generation_id, p_kit, p_generation_id)
  returning to_jsonb(k) - 'user_id'
$$;

create function public.list_marketing_kits(p_user_id text, p_limit integer default 50) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select jsonb_build_object('items', coalesce(jsonb_agg(to_jsonb(k) - 'user_id' order by k.created_at desc, k.id desc), '[]'::jsonb))
  from (select * from marketing_kits where user_id = p_user_id
         order by created_at desc, id desc limit least(greatest(coalesce(p_limit, 50), 1), 200)) k
$$;

create function public.get_marketing_kit(p_user_id text, p_id uuid) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select to_jsonb(k) - 'user_id' from marketing_kits k where k.id = p_id and k.user_id = p_user_id
$$;

create function public.save_report(
  p_user_id text, p_from date, p_to date, p_figures jsonb, p_narrative text, p_recommendations jsonb,
  p_provider text, p_generation_id uuid
) returns jsonb
language sql security definer set search_path = public, pg_temp as $$
  insert into reports as r (user_id, period_from, period_to, figures, narrative, recommendations, provider, generation_id)
  values (p_user_id, p_from, p_to, p_figures, p_narrative, p_recommendations, p_provider, p_generation_id)
  returning to_jsonb(r) - 'user_id'
$$;

create function public.list_reports(p_user_id text, p_limit integer default 50) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select jsonb_build_object('items', coalesce(jsonb_agg(
           jsonb_build_object('id', r.id, 'period_from', r.period_from, 'period_to', r.period_to,
                              'provider', r.provider, 'generation_id', r.generation_id, 'created_at', r.created_at)
           order by r.created_at desc, r.id desc), '[]'::jsonb))
  from (select * from reports where user_id = p_user_id
         order by created_at desc, id desc limit least(greatest(coalesce(p_limit, 50), 1), 200)) r
$$;

create function public.get_report(p_user_id text, p_id uuid) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select to_jsonb(r) - 'user_id' from reports r where r.id = p_id and r.user_id = p_user_id
$$;

revoke all on function
  public.get_brand(text),
  public.put_brand(text, text, text, text, text, jsonb),
  public.create_chat_thread(text, text),
  public.list_chat_threads(text, integer),
  public.get_chat_thread(text, uuid, integer),
  public.rename_chat_thread(text, uuid, text),
  public.delete_chat_thread(text, uuid),
  public.add_chat_message(text, uuid, text, text, uuid, text),
  public.save_marketing_kit(text, text, text[], text, uuid, jsonb, uuid),
  public.list_marketing_kits(text, integer),
  public.get_marketing_kit(text, uuid),
  public.save_report(text, date, date, jsonb, text, jsonb, text, uuid),
  public.list_reports(text, integer),
  public.get_report(text, uuid)
from public, anon, authenticated;

grant execute on function
  public.get_brand(text),
  public.put_brand(text, text, text, text, text, jsonb),
  public.create_chat_thread(text, text),
  public.list_chat_threads(text, integer),
  public.get_chat_thread(text, uuid, integer),
  public.rename_chat_thread(text, uuid, text),
  public.delete_chat_thread(text, uuid),
  public.add_chat_message(text, uuid, text, text, uuid, text),
  public.save_marketing_kit(text, text, text[], text, uuid, jsonb, uuid),
  public.list_marketing_kits(text, integer),
  public.get_marketing_kit(text, uuid),
  public.save_report(text, date, date, jsonb, text, jsonb, text, uuid),
  public.list_reports(text, integer),
  public.get_report(text, uuid)
to service_role;
