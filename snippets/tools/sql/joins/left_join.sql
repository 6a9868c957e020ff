-- left join：左表全留，右表对不上的补 NULL
select
    u.uid,
    u.name,
    o.order_id,
    o.amount
from join_users as u
left join join_orders as o
    on u.uid = o.uid
