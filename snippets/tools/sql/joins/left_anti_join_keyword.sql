-- left anti join 关键字：只有 Spark SQL 有，Hive 的语法不认
select
    u.uid,
    u.name
from join_users as u
left anti join join_orders as o
    on u.uid = o.uid
