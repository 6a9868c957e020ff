-- full outer join：两边都全留，对不上的一侧补 NULL
select
    u.uid as user_uid,
    o.uid as order_uid,
    u.name,
    o.order_id
from join_users as u
full outer join join_orders as o
    on u.uid = o.uid
