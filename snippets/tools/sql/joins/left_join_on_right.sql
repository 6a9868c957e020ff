-- 右表的条件写在 on 里：先筛右表再 join，左表的行全部保留
select
    u.uid,
    u.name,
    o.order_id,
    o.amount
from join_users as u
left join join_orders as o
    on u.uid = o.uid and o.amount >= 30
