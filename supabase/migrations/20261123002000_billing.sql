-- Billing: Lemon Squeezy events are stored before they are acted on, then applied in one
-- transaction by apply_lemon_event. Subscription state only moves forward in the object's
-- updated_at; plan credits are granted once per invoice; refunds take back what is unspent.

alter table public.webhook_events add column last_attempt_at timestamptz;
create index webhook_events_status on public.webhook_events (source, status, id)
  where status in ('received', 'failed', 'unknown_user');

create index user_subscriptions_order on public.user_subscriptions (order_id) where order_id is not null;

-- Each paid invoice and the ledger grant it produced, so a refund (of the invoice, or of the
-- order that opened the subscription) knows what to take back.
create table public.billing_invoices (
  invoice_id       text primary key,
  subscription_id  text not null,
  user_id          text not null references public.users (id) on delete restrict,
  billing_reason   text,
  total            bigint,
  grant_ref        text not null,
  created_at       timestamptz not null default now()
);
create index billing_invoices_subscription on public.billing_invoices (subscription_id, created_at);

-- What a refund asked back, what the balance could give, and the unspent rest we could not
-- take (balances never go negative; the shortfall is kept here for the operator).
create table public.credit_clawbacks (
  id           bigint generated always as identity primary key,
  user_id      text not null references public.users (id) on delete restrict,
  ref          text not null,
  grant_ref    text,
  requested    bigint not null check (requested >= 0),
  taken        bigint not null check (taken >= 0),
  unrecovered  bigint not null check (unrecovered >= 0),
  event_id     bigint references public.webhook_events (id),
  created_at   timestamptz not null default now(),
  check (taken + unrecovered = requested),
  unique (user_id, ref)
);
create index credit_clawbacks_grant on public.credit_clawbacks (user_id, grant_ref);

alter table public.billing_invoices enable row level security;
alter table public.credit_clawbacks enable row level security;

-- Stores a verified event once per (source, dedupe key). A second delivery finds the first row.
create function public.record_webhook_event(
  p_source text,
  p_event_name text,
  p_dedupe_key text,
  p_payload jsonb
) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_event webhook_events%rowtype;
begin
  insert into webhook_events (source, event_name, dedupe_key, payload)
  values (p_source, p_event_name, p_dedupe_key, p_payload)
  on conflict (source, dedupe_key) do nothing
  returning * into v_event;
  if found then
    return jsonb_build_object('inserted', true, 'id', v_event.id, 'status', v_event.status);
  end if;
  select * into v_event from webhook_events where source = p_source and dedupe_key = p_dedupe_key;
  return jsonb_build_object('inserted', false, 'id', v_event.id, 'status', v_event.status,
                            'attempts', v_event.attempts);
end
$$;

-- Ends an attempt that did not apply: 'failed' (Lemon Squeezy retries, replay can re-run it)
-- or 'ignored' (an event we do not act on).
create function public.finish_webhook_event(
  p_event_id bigint,
  p_status text,
  p_error text default null
) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_event webhook_events%rowtype;
begin
  if p_status not in ('failed', 'ignored') then
    return jsonb_build_object('code', 'invalid_request', 'message', 'status must be failed or ignored');
  end if;
  update webhook_events
     set status = p_status, error = left(p_error, 2000), attempts = attempts + 1,
         last_attempt_at = now(),
         processed_at = case when p_status = 'ignored' then now() else processed_at end
   where id = p_event_id and status <> 'processed'
  returning * into v_event;
  if not found then
    return jsonb_build_object('code', 'not_found');
  end if;
  return jsonb_build_object('code', 'ok', 'id', v_event.id, 'status', v_event.status);
end
$$;

-- Takes back the credits a refund covers: the refunded share of the grant it paid for, less
-- what earlier refunds of the same grant already asked. Never more than the balance holds.
create function public.claw_back_credits(
  p_user_id text,
  p_ref text,
  p_grant_ref text,
  p_refunded_amount bigint,
  p_total bigint,
  p_note text default null,
  p_event_id bigint default null
) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_balance bigint;
  v_granted bigint := 0;
  v_due bigint;
  v_asked bigint;
  v_requested bigint;
  v_taken bigint;
begin
  select balance into v_balance from user_credits where user_id = p_user_id for update;
  if not found then
    return jsonb_build_object('code', 'unknown_user');
  end if;
  if exists (select 1 from credit_clawbacks where user_id = p_user_id and ref = p_ref) then
    return jsonb_build_object('code', 'duplicate', 'balance', v_balance);
  end if;

  if p_grant_ref is not null then
    select coalesce(sum(delta), 0) into v_granted from credit_ledger
     where user_id = p_user_id and reason = 'plan_grant' and ref = p_grant_ref;
  end if;
  if p_total is null or p_total <= 0 or p_refunded_amount is null or p_refunded_amount >= p_total then
    v_due := v_granted;
  else
    v_due := floor(v_granted::numeric * greatest(p_refunded_amount, 0) / p_total);
  end if;
  select coalesce(sum(requested), 0) into v_asked from credit_clawbacks
   where user_id = p_user_id and grant_ref is not distinct from p_grant_ref;
  v_requested := greatest(v_due - v_asked, 0);
  v_taken := least(v_balance, v_requested);

  insert into credit_clawbacks (user_id, ref, grant_ref, requested, taken, unrecovered, event_id)
  values (p_user_id, p_ref, p_grant_ref, v_requested, v_taken, v_requested - v_taken, p_event_id);
  if v_taken > 0 then
    insert into credit_ledger (user_id, delta, balance_after, reason, ref, note)
    values (p_user_id, -v_taken, v_balance - v_taken, 'refund_clawback', p_ref, p_note);
  end if;

  return jsonb_build_object('code', 'clawed_back', 'requested', v_requested, 'taken', v_taken,
                            'unrecovered', v_requested - v_taken, 'balance', v_balance - v_taken);
end
$$;

-- Applies one stored event, all or nothing. p_change is what the event means, already parsed:
--   user_id             the user from meta.custom_data, when present
--   subscription_id     the subscription the event belongs to (finds the user when custom data is absent)
--   subscription        the subscription's new state, upserted unless older than what is stored
--   grant               {ref, invoice_id, billing_reason, total, note}: replenish to the stored plan's credits
--   refund              {ref, invoice_id | order_id, refunded_amount, total, note}
--   require_subscription  the event cannot be applied before its subscription is known (retry later)
-- p_plans comes from the catalog: {"<plan>": {"rank": n, "credits": n}}.
create function public.apply_lemon_event(
  p_event_id bigint,
  p_change jsonb,
  p_plans jsonb,
  p_force boolean default false
) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_event webhook_events%rowtype;
  v_user text;
  v_sub_id text := coalesce(p_change #>> '{subscription,subscription_id}', p_change->>'subscription_id');
  v_new jsonb := p_change->'subscription';
  v_old user_subscriptions%rowtype;
  v_has_old boolean := false;
  v_plan text;
  v_grant jsonb;
  v_upgrade jsonb;
  v_refund jsonb;
  v_grant_ref text;
  v_target bigint;
  v_result jsonb := '{}'::jsonb;
begin
  select * into v_event from webhook_events where id = p_event_id for update;
  if not found then
    return jsonb_build_object('code', 'not_found');
  end if;
  if v_event.status in ('processed', 'ignored', 'unknown_user') and not p_force then
    return jsonb_build_object('code', 'duplicate', 'status', v_event.status, 'user_id', v_event.user_id);
  end if;

  if v_sub_id is not null then
    select * into v_old from user_subscriptions where subscription_id = v_sub_id for update;
    v_has_old := found;
  end if;

  -- A subscription keeps the owner it was first stored with; custom data only names the owner
  -- of what we have not seen yet.
  if v_has_old then
    v_user := v_old.user_id;
  elsif p_change->>'user_id' is not null then
    select id into v_user from users where id = p_change->>'user_id';
  end if;

  if v_user is null then
    if coalesce((p_change->>'require_subscription')::boolean, false) then
      raise exception 'subscription % is not known yet', coalesce(v_sub_id, '?')
        using errcode = 'no_data_found';
    end if;
    update webhook_events
       set status = 'unknown_user', user_id = p_change->>'user_id', error = 'no user for this event',
           attempts = attempts + 1, last_attempt_at = now(), processed_at = now()
     where id = p_event_id;
    return jsonb_build_object('code', 'unknown_user', 'user_id', p_change->>'user_id');
  end if;

  -- Every money step below runs under the user's credit row lock, one event at a time.
  perform 1 from user_credits where user_id = v_user for update;

  if v_new is not null then
    if v_has_old and (v_new->>'source_updated_at')::timestamptz < v_old.source_updated_at then
      update webhook_events
         set status = 'ignored', user_id = v_user, error = 'older than the stored subscription state',
             attempts = attempts + 1, last_attempt_at = now(), processed_at = now()
       where id = p_event_id;
      return jsonb_build_object('code', 'stale', 'user_id', v_user);
    end if;

    insert into user_subscriptions as s (
      subscription_id, user_id, customer_id, order_id, variant_id, plan, status,
      renews_at, ends_at, trial_ends_at, portal_url, source_updated_at)
    values (
      v_sub_id, v_user, v_new->>'customer_id', v_new->>'order_id', v_new->>'variant_id',
      v_new->>'plan', v_new->>'status', (v_new->>'renews_at')::timestamptz,
      (v_new->>'ends_at')::timestamptz, (v_new->>'trial_ends_at')::timestamptz,
      v_new->>'portal_url', (v_new->>'source_updated_at')::timestamptz)
    on conflict (subscription_id) do update set
      customer_id = coalesce(excluded.customer_id, s.customer_id),
      order_id = coalesce(excluded.order_id, s.order_id),
      variant_id = excluded.variant_id,
      plan = excluded.plan,
      status = excluded.status,
      renews_at = excluded.renews_at,
      ends_at = excluded.ends_at,
      trial_ends_at = excluded.trial_ends_at,
      portal_url = coalesce(excluded.portal_url, s.portal_url),
      source_updated_at = excluded.source_updated_at,
      updated_at = now();

    -- An upgrade replenishes at once to the new plan's credits, once per upgrade.
    if v_has_old
       and coalesce((v_new->>'grants_access')::boolean, false)
       and coalesce((p_plans #>> array[v_new->>'plan', 'rank'])::int, 0)
           > coalesce((p_plans #>> array[v_old.plan, 'rank'])::int, 0) then
      v_target := coalesce((p_plans #>> array[v_new->>'plan', 'credits'])::bigint, 0);
      if v_target > 0 then
        v_upgrade := grant_plan_credits(
          v_user, v_target,
          format('lemon:upgrade:%s:%s:%s', v_sub_id, v_new->>'plan',
                 extract(epoch from (v_new->>'source_updated_at')::timestamptz)::bigint),
          format('Upgrade to %s', v_new->>'plan'));
        v_result := v_result || jsonb_build_object('upgrade', v_upgrade);
      end if;
    end if;
  end if;

  if p_change ? 'grant' and jsonb_typeof(p_change->'grant') = 'object' then
    select plan into v_plan from user_subscriptions where subscription_id = v_sub_id;
    if v_plan is null then
      raise exception 'subscription % is not known yet', coalesce(v_sub_id, '?')
        using errcode = 'no_data_found';
    end if;
    v_target := coalesce((p_plans #>> array[v_plan, 'credits'])::bigint, 0);
    v_grant_ref := p_change #>> '{grant,ref}';
    insert into billing_invoices (invoice_id, subscription_id, user_id, billing_reason, total, grant_ref)
    values (p_change #>> '{grant,invoice_id}', v_sub_id, v_user, p_change #>> '{grant,billing_reason}',
            (p_change #>> '{grant,total}')::bigint, v_grant_ref)
    on conflict (invoice_id) do nothing;
    if v_target > 0 then
      v_grant := grant_plan_credits(v_user, v_target, v_grant_ref, p_change #>> '{grant,note}');
    else
      v_grant := jsonb_build_object('code', 'no_credits', 'plan', v_plan);
    end if;
    v_result := v_result || jsonb_build_object('grant', v_grant);
  end if;

  if p_change ? 'refund' and jsonb_typeof(p_change->'refund') = 'object' then
    if p_change #>> '{refund,invoice_id}' is not null then
      select grant_ref into v_grant_ref from billing_invoices where invoice_id = p_change #>> '{refund,invoice_id}';
    elsif p_change #>> '{refund,order_id}' is not null then
      -- An order opens a subscription; its payment is that subscription's first invoice.
      select i.grant_ref into v_grant_ref
        from user_subscriptions s join billing_invoices i on i.subscription_id = s.subscription_id
       where s.order_id = p_change #>> '{refund,order_id}'
       order by (i.billing_reason = 'initial') desc, i.created_at
       limit 1;
    end if;
    v_refund := claw_back_credits(
      v_user, p_change #>> '{refund,ref}', v_grant_ref,
      (p_change #>> '{refund,refunded_amount}')::bigint, (p_change #>> '{refund,total}')::bigint,
      p_change #>> '{refund,note}', p_event_id);
    v_result := v_result || jsonb_build_object('refund', v_refund);
  end if;

  update webhook_events
     set status = 'processed', user_id = v_user, error = null,
         attempts = attempts + 1, last_attempt_at = now(), processed_at = now()
   where id = p_event_id;

  return v_result || jsonb_build_object(
    'code', 'processed', 'user_id', v_user,
    'balance', (select balance from user_credits where user_id = v_user));
end
$$;

-- Stored events for the replay command: by id, or every event left in a given status.
create function public.list_webhook_events(
  p_source text,
  p_ids bigint[] default null,
  p_status text default null,
  p_limit integer default 100
) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select coalesce(jsonb_agg(to_jsonb(e) order by e.id), '[]'::jsonb)
  from (select * from webhook_events
         where source = p_source
           and (p_ids is null or id = any (p_ids))
           and (p_status is null or status = p_status)
         order by id
         limit least(greatest(p_limit, 1), 1000)) e
$$;

-- Subscriptions worth asking Lemon Squeezy about: everything not yet over for good.
create function public.list_live_subscriptions(p_limit integer default 200) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select coalesce(jsonb_agg(to_jsonb(s) order by s.source_updated_at), '[]'::jsonb)
  from (select * from user_subscriptions
         where status <> 'expired'
         order by source_updated_at
         limit least(greatest(p_limit, 1), 1000)) s
$$;

revoke all on all tables in schema public from public, anon, authenticated;
revoke all on all sequences in schema public from public, anon, authenticated;
revoke all on all functions in schema public from public, anon, authenticated;

grant execute on function
  public.record_webhook_event(text, text, text, jsonb),
  public.finish_webhook_event(bigint, text, text),
  public.claw_back_credits(text, text, text, bigint, bigint, text, bigint),
  public.apply_lemon_event(bigint, jsonb, jsonb, boolean),
  public.list_webhook_events(text, bigint[], text, integer),
  public.list_live_subscriptions(integer)
to service_role;
