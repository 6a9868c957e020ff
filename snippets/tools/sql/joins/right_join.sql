-- right join：右表全留，左表对不上的补 NULL
select
    o.uid,
    u.name,
    o.order_id,
    o.amount
from join_users as u
right join join_orders as o
    on u.uid = o.uid
