-- left anti join 关键字：Spark SQL、Hive 4.0 起可用，Hive 2.x/3.x 的语法不认
select
    u.uid,
    u.name
from join_users as u
left anti join join_orders as o
    on u.uid = o.uid
