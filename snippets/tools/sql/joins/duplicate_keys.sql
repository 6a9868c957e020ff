-- 坑：两边的 key 都有重复时行数相乘（alice 两笔订单 × 两笔订单 = 4 行）
select
    a.uid,
    count(*) as joined_rows
from join_orders as a
inner join join_orders as b
    on a.uid = b.uid
group by a.uid
