-- 列别名和表别名：as 给结果列和表起短名字
select
    u.name as user_name,
    sum(o.amount) as total_amount,
    count(*) as orders
from join_users as u
inner join join_orders as o
    on u.uid = o.uid
group by u.name
