-- inner join：只留两边都对得上的行
select
    u.uid,
    u.name,
    o.order_id,
    o.amount
from join_users as u
inner join join_orders as o
    on u.uid = o.uid
