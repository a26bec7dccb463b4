-- What switching a subscription to a plan of `p_allowance` credits would add now, under the
-- current billing period's budget (SPEC section 1), with the period's dates for the prorated
-- charge. Nothing is written: the credits themselves come with the paid invoice.
create function public.quote_plan_change(p_user_id text, p_subscription_id text, p_allowance bigint) returns jsonb
language sql stable security definer set search_path = public, pg_temp as $$
  select jsonb_build_object(
    'balance', c.balance,
    'period_start', p.starts_at,
    'renews_at', s.renews_at,
    'credits', case when p.opening_invoice_id is null then 0
                    else greatest(least(greatest(p.budget, p_allowance) - p.granted, p_allowance - c.balance), 0) end)
  from user_credits c
  join user_subscriptions s on s.subscription_id = p_subscription_id and s.user_id = c.user_id
  left join lateral (
    select * from billing_periods bp
     where bp.subscription_id = p_subscription_id
     order by bp.starts_at desc, bp.opening_invoice_id desc limit 1
  ) p on true
  where c.user_id = p_user_id
$$;

revoke all on function public.quote_plan_change(text, text, bigint) from public, anon, authenticated;
grant execute on function public.quote_plan_change(text, text, bigint) to service_role;
