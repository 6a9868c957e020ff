-- 坑：右表的条件写在 where 里，没有订单的 carol 被过滤掉，left join 变成了 inner join
select
    u.uid,
    u.name,
    o.order_id,
    o.amount
from join_users as u
left join join_orders as o
    on u.uid = o.uid
where o.amount >= 30
