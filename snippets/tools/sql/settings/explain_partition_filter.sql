-- 看 Spark 的物理计划：分区过滤有没有生效
explain select
    dt,
    count(*) as pv
from PARTITIONED_TABLE
where dt = 'DAY'
group by dt
