-- Per-period credit budgets (SPEC section 1, rule 8 of section 3). Credits enter only on payment
-- facts: a paid initial or renewal invoice opens a billing period and replenishes to the plan;
-- a paid prorated plan-change invoice (billing_reason "updated") raises the period's budget to the
-- new plan's allowance and grants what is left of it. No grant in a period ever passes its
-- budget, however often the plan changes, whatever order or how many times events arrive. A plan
-- change by itself (subscription_updated) grants nothing.

create table public.billing_periods (
  opening_invoice_id  text primary key,
  subscription_id     text not null,
  user_id             text not null references public.users (id) on delete restrict,
  starts_at           timestamptz not null,
  -- The allowance of the highest plan paid for in the period; grants never pass it.
  budget              bigint not null check (budget >= 0),
  -- How much of the budget has been used: the allowance the balance was last replenished to.
  -- An upgrade grants only budget - granted more (1000 - 200 = 800 from growth to pro).
  granted             bigint not null default 0 check (granted >= 0 and granted <= budget),
  created_at          timestamptz not null default now()
);
create index billing_periods_subscription on public.billing_periods (subscription_id, starts_at desc);
alter table public.billing_periods enable row level security;
revoke all on table public.billing_periods from public, anon, authenticated;

alter table public.billing_invoices
  add column issued_at timestamptz,
  add column status text,
  add column refunded_amount bigint not null default 0,
  add column period_invoice_id text,
  add column granted bigint not null default 0;

-- Periods for the invoices a deployment already holds, with what they granted as their budget.
insert into public.billing_periods (opening_invoice_id, subscription_id, user_id, starts_at, budget, granted)
select i.invoice_id, i.subscription_id, i.user_id, i.created_at,
       coalesce((select sum(l.delta) from credit_ledger l where l.user_id = i.user_id and l.reason = 'plan_grant' and l.ref = i.grant_ref), 0),
       coalesce((select sum(l.delta) from credit_ledger l where l.user_id = i.user_id and l.reason = 'plan_grant' and l.ref = i.grant_ref), 0)
  from public.billing_invoices i
 where coalesce(i.billing_reason, 'renewal') <> 'updated'
on conflict do nothing;
update public.billing_invoices set period_invoice_id = invoice_id, issued_at = created_at, status = 'paid'
 where coalesce(billing_reason, 'renewal') <> 'updated';

-- The period an invoice belongs to: its own for an opening invoice, else the subscription's
-- latest period opened at or before it.
create function public.billing_period_of(p_subscription_id text, p_issued_at timestamptz) returns text
language sql stable set search_path = public, pg_temp as $$
  select opening_invoice_id from billing_periods
   where subscription_id = p_subscription_id and starts_at <= p_issued_at
   order by starts_at desc, opening_invoice_id desc
   limit 1
$$;

-- Whether a period is the subscription's current one (no later period has opened).
create function public.billing_period_is_current(p_opening_invoice_id text) returns boolean
language sql stable set search_path = public, pg_temp as $$
  select not exists (
    select 1 from billing_periods later, billing_periods p
     where p.opening_invoice_id = p_opening_invoice_id
       and later.subscription_id = p.subscription_id
       and (later.starts_at, later.opening_invoice_id) > (p.starts_at, p.opening_invoice_id))
$$;

-- Applies one paid-invoice fact for a user whose credit row the caller holds locked.
-- p_grant: {ref, invoice_id, billing_reason, total, status, issued_at, note}.
create function public.apply_invoice_grant(
  p_user_id text,
  p_subscription_id text,
  p_plan text,
  p_subscription_updated_at timestamptz,
  p_grant jsonb,
  p_plans jsonb
) returns jsonb
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  v_invoice text := p_grant->>'invoice_id';
  v_ref text := p_grant->>'ref';
  v_reason text := coalesce(p_grant->>'billing_reason', 'renewal');
  v_status text := coalesce(p_grant->>'status', 'paid');
  v_total bigint := (p_grant->>'total')::bigint;
  v_issued timestamptz := coalesce((p_grant->>'issued_at')::timestamptz, now());
  v_allowance bigint := coalesce((p_plans #>> array[p_plan, 'credits'])::bigint, 0);
  v_period billing_periods%rowtype;
  v_refunded bigint;
  v_balance bigint;
  v_delta bigint;
  v_used bigint;
begin
  -- A payment fact counts once: its ledger row is the proof (retries, _recovered, resends).
  if exists (select 1 from credit_ledger where user_id = p_user_id and reason = 'plan_grant' and ref = v_ref) then
    return jsonb_build_object('code', 'duplicate');
  end if;

  if v_reason = 'updated' then
    -- A plan change is invoiced when it happens; a stored subscription older than the invoice
    -- may not show the plan it paid for yet. Retry once it does (Lemon Squeezy retries; the
    -- app can read the subscription from the API meanwhile).
    if v_issued > p_subscription_updated_at then
      raise exception 'subscription % is older than its plan-change invoice %', p_subscription_id, v_invoice
        using errcode = 'NXB01';
    end if;
    select * into v_period from billing_periods
     where opening_invoice_id = billing_period_of(p_subscription_id, v_issued) for update;
    if not found then
      raise exception 'no billing period of subscription % opens before invoice %', p_subscription_id, v_invoice
        using errcode = 'NXB02';
    end if;
  else
    insert into billing_periods (opening_invoice_id, subscription_id, user_id, starts_at, budget)
    values (v_invoice, p_subscription_id, p_user_id, v_issued, 0)
    on conflict (opening_invoice_id) do nothing;
    select * into v_period from billing_periods where opening_invoice_id = v_invoice for update;
  end if;

  insert into billing_invoices (invoice_id, subscription_id, user_id, billing_reason, total, grant_ref,
                                issued_at, status, period_invoice_id)
  values (v_invoice, p_subscription_id, p_user_id, v_reason, v_total, v_ref, v_issued, v_status, v_period.opening_invoice_id)
  on conflict (invoice_id) do update
     set billing_reason = excluded.billing_reason, total = coalesce(excluded.total, billing_invoices.total),
         grant_ref = excluded.grant_ref, issued_at = excluded.issued_at, status = excluded.status,
         period_invoice_id = excluded.period_invoice_id
  returning refunded_amount into v_refunded;

  select balance into v_balance from user_credits where user_id = p_user_id;
  v_delta := 0;
  v_used := v_period.granted;
  if v_status = 'paid' and (v_reason <> 'updated' or coalesce(v_total, 0) > 0) then
    -- The period's budget is the highest allowance paid for in it.
    update billing_periods set budget = greatest(budget, v_allowance)
     where opening_invoice_id = v_period.opening_invoice_id
    returning * into v_period;
    -- A period a later one has replaced grants nothing more: its credits were replenished over.
    if billing_period_is_current(v_period.opening_invoice_id) then
      -- Replenish to the plan's allowance, within what is left of the budget; the budget is
      -- then used up to the allowance, whatever the balance already held.
      v_delta := least(v_period.budget - v_period.granted, greatest(v_allowance - v_balance, 0));
      v_used := greatest(v_period.granted, least(v_allowance, v_period.budget));
      -- A payment refunded before it reached us buys only what was kept.
      if v_refunded > 0 then
        v_delta := case when coalesce(v_total, 0) <= v_refunded then 0
                        else floor(v_delta::numeric * (v_total - v_refunded) / v_total) end;
      end if;
    end if;
  end if;

  insert into credit_ledger (user_id, delta, balance_after, reason, ref, note)
  values (p_user_id, v_delta, v_balance + v_delta, 'plan_grant', v_ref, p_grant->>'note');
  update billing_periods set granted = v_used where opening_invoice_id = v_period.opening_invoice_id;
  update billing_invoices set granted = v_delta where invoice_id = v_invoice;

  return jsonb_build_object('code', 'granted', 'delta', v_delta, 'balance', v_balance + v_delta,
                            'period', v_period.opening_invoice_id, 'budget', v_period.budget);
end
$$;

create or replace function public.apply_lemon_event(
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
  v_stored user_subscriptions%rowtype;
  v_invoice billing_invoices%rowtype;
  v_refund jsonb;
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
      raise exception 'subscription % is not known yet', coalesce(v_sub_id, '?') using errcode = 'NXB02';
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
  end if;

  if p_change ? 'grant' and jsonb_typeof(p_change->'grant') = 'object' then
    select * into v_stored from user_subscriptions where subscription_id = v_sub_id;
    if not found then
      raise exception 'subscription % is not known yet', coalesce(v_sub_id, '?') using errcode = 'NXB02';
    end if;
    v_result := v_result || jsonb_build_object('grant',
      apply_invoice_grant(v_user, v_sub_id, v_stored.plan, v_stored.source_updated_at, p_change->'grant', p_plans));
  end if;

  if p_change ? 'refund' and jsonb_typeof(p_change->'refund') = 'object' then
    if p_change #>> '{refund,invoice_id}' is not null then
      select * into v_invoice from billing_invoices where invoice_id = p_change #>> '{refund,invoice_id}';
      if not found and v_sub_id is not null then
        -- Refunded before its payment reached us: keep the refund, so the payment grants only
        -- what was kept.
        insert into billing_invoices (invoice_id, subscription_id, user_id, total, grant_ref, refunded_amount)
        values (p_change #>> '{refund,invoice_id}', v_sub_id, v_user, (p_change #>> '{refund,total}')::bigint,
                'lemon:invoice:' || (p_change #>> '{refund,invoice_id}'),
                coalesce((p_change #>> '{refund,refunded_amount}')::bigint, (p_change #>> '{refund,total}')::bigint, 0))
        on conflict (invoice_id) do nothing;
      end if;
    elsif p_change #>> '{refund,order_id}' is not null then
      -- An order opens a subscription; its payment is that subscription's first invoice.
      select i.* into v_invoice
        from user_subscriptions s join billing_invoices i on i.subscription_id = s.subscription_id
       where s.order_id = p_change #>> '{refund,order_id}'
       order by (i.billing_reason = 'initial') desc, i.issued_at nulls last, i.created_at
       limit 1;
    end if;
    if v_invoice.invoice_id is not null then
      update billing_invoices
         set refunded_amount = greatest(refunded_amount,
               coalesce((p_change #>> '{refund,refunded_amount}')::bigint, total, 0))
       where invoice_id = v_invoice.invoice_id;
    end if;
    if v_invoice.invoice_id is not null and v_invoice.period_invoice_id is not null
       and not billing_period_is_current(v_invoice.period_invoice_id) then
      -- The refunded payment's period was replaced by a later paid one, which replenished over
      -- its credits: nothing of it is left to take back.
      v_refund := jsonb_build_object('code', 'superseded', 'invoice_id', v_invoice.invoice_id);
    else
      v_refund := claw_back_credits(
        v_user, p_change #>> '{refund,ref}', v_invoice.grant_ref,
        (p_change #>> '{refund,refunded_amount}')::bigint, (p_change #>> '{refund,total}')::bigint,
        p_change #>> '{refund,note}', p_event_id);
    end if;
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

revoke all on function
  public.billing_period_of(text, timestamptz),
  public.billing_period_is_current(text),
  public.apply_invoice_grant(text, text, text, timestamptz, jsonb, jsonb)
from public, anon, authenticated;
grant execute on function
  public.billing_period_of(text, timestamptz),
  public.billing_period_is_current(text),
  public.apply_invoice_grant(text, text, text, timestamptz, jsonb, jsonb)
to service_role;
