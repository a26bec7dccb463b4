-- The content calendar: planned posts, each at an instant (stored in UTC), on a channel, with a
-- title and notes, optionally carrying one of the user's media generations and one of their
-- marketing kits, planned or published. calendar_entries exists since the core schema; it is
-- evolved in place so rows already there survive: platform becomes channel, body becomes notes.

alter table public.calendar_entries rename column platform to channel;
alter table public.calendar_entries rename column body to notes;

-- Rows written before the limits below existed are brought within them without losing a title:
-- a blank one gets a placeholder, an overlong one is cut and kept whole at the top of the notes.
update public.calendar_entries
   set notes = left(title || E'\n\n' || notes, 4000), title = left(title, 200)
 where length(title) > 200;
update public.calendar_entries set title = 'Untitled post' where btrim(title) = '';
update public.calendar_entries set notes = left(notes, 4000) where length(notes) > 4000;

alter table public.calendar_entries
  add column kit_id uuid references public.marketing_kits (id) on delete set null,
  add column status text not null default 'planned' check (status in ('planned', 'published')),
  add column published_at timestamptz,
  add constraint calendar_entries_title check (length(title) between 1 and 200 and btrim(title) <> ''),
  add constraint calendar_entries_notes check (length(notes) <= 4000),
  add constraint calendar_entries_channel check (length(channel) between 1 and 40),
  add constraint calendar_entries_published check ((status = 'published') = (published_at is not null));

-- The channel list is the catalog's (MARKETING_CHANNELS) and is checked where requests are parsed,
-- so a new channel is a code change only. What is attached must be the entry owner's own, whoever
-- writes the row: the functions below answer a clean "not found", this trigger is the last word.
create function public.calendar_entry_attachments_owned() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  if new.generation_id is not null and not exists (
    select 1 from generations g where g.id = new.generation_id and g.user_id = new.user_id) then
    raise exception 'calendar entry % attaches a generation its owner does not have', new.id using errcode = '23503';
  end if;
  if new.kit_id is not null and not exists (
    select 1 from marketing_kits k where k.id = new.kit_id and k.user_id = new.user_id) then
    raise exception 'calendar entry % attaches a marketing kit its owner does not have', new.id using errcode = '23503';
  end if;
  return new;
end
$$;

create trigger calendar_entries_attachments_owned
  before insert or update of user_id, generation_id, kit_id on public.calendar_entries
  for each row execute function public.calendar_entry_attachments_owned();

-- An entry as the API reads it: its own fields (no user_id) and a glimpse of what it carries, the
-- generation's first stored output for a thumbnail and the kit's headline.
create function public.calendar_entry_json(p_entry public.calendar_entries) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select jsonb_build_object(
    'id', p_entry.id,
    'scheduled_for', p_entry.scheduled_for,
    'channel', p_entry.channel,
    'title', p_entry.title,
    'notes', p_entry.notes,
    'status', p_entry.status,
    'published_at', p_entry.published_at,
    'generation_id', p_entry.generation_id,
    'kit_id', p_entry.kit_id,
    'created_at', p_entry.created_at,
    'updated_at', p_entry.updated_at,
    'generation', (select jsonb_build_object('id', g.id, 'kind', g.kind, 'model', g.model, 'status', g.status, 'output', g.outputs -> 0)
                     from generations g where g.id = p_entry.generation_id and g.user_id = p_entry.user_id),
    'kit', (select jsonb_build_object('id', k.id, 'headline', k.kit ->> 'headline', 'created_at', k.created_at)
              from marketing_kits k where k.id = p_entry.kit_id and k.user_id = p_entry.user_id))
$$;

-- Whether p_user_id may attach this generation (a media job of theirs) or this kit (one of theirs).
create function public.calendar_attachment_code(p_user_id text, p_generation_id uuid, p_kit_id uuid) returns text
language sql stable security definer set search_path = public, pg_temp as $$
  select case
    when p_generation_id is not null and not exists (
      select 1 from generations g
       where g.id = p_generation_id and g.user_id = p_user_id and g.kind in ('image', 'video', 'director')) then 'generation_not_found'
    when p_kit_id is not null and not exists (
      select 1 from marketing_kits k where k.id = p_kit_id and k.user_id = p_user_id) then 'kit_not_found'
    else 'ok'
  end
$$;

-- The user's entries scheduled in [p_from, p_to), earliest first; a range longer than 400 days
-- is refused rather than read.
create function public.list_calendar_entries(p_user_id text, p_from timestamptz, p_to timestamptz, p_limit integer default 1000)
returns jsonb
language plpgsql stable security definer set search_path = public, pg_temp as $$
declare
  v_items jsonb;
begin
  if p_from is null or p_to is null or p_to < p_from then
    return jsonb_build_object('code', 'invalid_range');
  end if;
  if p_to - p_from > interval '400 days' then
    return jsonb_build_object('code', 'range_too_long');
  end if;
  select coalesce(jsonb_agg(calendar_entry_json(e) order by e.scheduled_for, e.id), '[]'::jsonb)
    into v_items
    from (select * from calendar_entries
           where user_id = p_user_id and scheduled_for >= p_from and scheduled_for < p_to
           order by scheduled_for, id
           limit least(greatest(coalesce(p_limit, 1000), 1), 2000)) e;
  return jsonb_build_object('code', 'ok', 'items', v_items);
end
$$;

create function public.get_calendar_entry(p_user_id text, p_id uuid) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select calendar_entry_json(e) from calendar_entries e where e.id = p_id and e.user_id = p_user_id
$$;

create function public.create_calendar_entry(
  p_user_id text, p_scheduled_for timestamptz, p_channel text, p_title text, p_notes text,
  p_generation_id uuid default null, p_kit_id uuid default null, p_status text default 'planned'
) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_code text := calendar_attachment_code(p_user_id, p_generation_id, p_kit_id);
  v_entry calendar_entries%rowtype;
begin
  if v_code <> 'ok' then
    return jsonb_build_object('code', v_code);
  end if;
  insert into calendar_entries (user_id, scheduled_for, channel, title, notes, generation_id, kit_id, status, published_at)
  values (p_user_id, p_scheduled_for, p_channel, p_title, coalesce(p_notes, ''), p_generation_id, p_kit_id,
          coalesce(p_status, 'planned'), case when p_status = 'published' then now() end)
  returning * into v_entry;
  return jsonb_build_object('code', 'ok', 'entry', calendar_entry_json(v_entry));
end
$$;

-- Changes what is given (a null leaves a field as it is; p_set_generation / p_set_kit say whether
-- the attachment is replaced, by null to detach it). Publishing stamps published_at once; going
-- back to planned clears it.
create function public.update_calendar_entry(
  p_user_id text, p_id uuid,
  p_scheduled_for timestamptz default null, p_channel text default null, p_title text default null, p_notes text default null,
  p_set_generation boolean default false, p_generation_id uuid default null,
  p_set_kit boolean default false, p_kit_id uuid default null,
  p_status text default null
) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_entry calendar_entries%rowtype;
  v_code text;
begin
  select * into v_entry from calendar_entries where id = p_id and user_id = p_user_id for update;
  if not found then
    return jsonb_build_object('code', 'not_found');
  end if;
  v_code := calendar_attachment_code(p_user_id,
                                     case when p_set_generation then p_generation_id end,
                                     case when p_set_kit then p_kit_id end);
  if v_code <> 'ok' then
    return jsonb_build_object('code', v_code);
  end if;
  update calendar_entries e
     set scheduled_for = coalesce(p_scheduled_for, e.scheduled_for),
         channel = coalesce(p_channel, e.channel),
         title = coalesce(p_title, e.title),
         notes = coalesce(p_notes, e.notes),
         generation_id = case when p_set_generation then p_generation_id else e.generation_id end,
         kit_id = case when p_set_kit then p_kit_id else e.kit_id end,
         status = coalesce(p_status, e.status),
         published_at = case when coalesce(p_status, e.status) = 'published' then coalesce(e.published_at, now()) end,
         updated_at = now()
   where e.id = p_id
  returning * into v_entry;
  return jsonb_build_object('code', 'ok', 'entry', calendar_entry_json(v_entry));
end
$$;

-- How many entries the user has at all: the page greets a first-time planner differently.
create function public.count_calendar_entries(p_user_id text) returns integer
language sql stable security definer set search_path = public, pg_temp as $$
  select count(*)::integer from calendar_entries where user_id = p_user_id
$$;

create function public.delete_calendar_entry(p_user_id text, p_id uuid) returns jsonb
language sql security definer set search_path = public, pg_temp as $$
  with gone as (delete from calendar_entries where id = p_id and user_id = p_user_id returning 1)
  select jsonb_build_object('deleted', exists (select 1 from gone))
$$;

revoke all on function
  public.calendar_entry_attachments_owned(),
  public.calendar_entry_json(public.calendar_entries),
  public.calendar_attachment_code(text, uuid, uuid),
  public.list_calendar_entries(text, timestamptz, timestamptz, integer),
  public.get_calendar_entry(text, uuid),
  public.create_calendar_entry(text, timestamptz, text, text, text, uuid, uuid, text),
  public.update_calendar_entry(text, uuid, timestamptz, text, text, text, boolean, uuid, boolean, uuid, text),
  public.count_calendar_entries(text),
  public.delete_calendar_entry(text, uuid)
from public, anon, authenticated;

grant execute on function
  public.list_calendar_entries(text, timestamptz, timestamptz, integer),
  public.get_calendar_entry(text, uuid),
  public.create_calendar_entry(text, timestamptz, text, text, text, uuid, uuid, text),
  public.update_calendar_entry(text, uuid, timestamptz, text, text, text, boolean, uuid, boolean, uuid, text),
  public.count_calendar_entries(text),
  public.delete_calendar_entry(text, uuid)
to service_role;
