-- 左表有、右表没有的行：not exists（Hive 0.13 起支持）
select
    u.uid,
    u.name
from join_users as u
where not exists (
    select 1
    from join_orders as o
    where o.uid = u.uid
)
