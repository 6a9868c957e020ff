-- 左表有、右表没有的行（left join 之后留下右表为 NULL 的）
select
    u.uid,
    u.name
from join_users as u
left join join_orders as o
    on u.uid = o.uid
where o.uid is null
