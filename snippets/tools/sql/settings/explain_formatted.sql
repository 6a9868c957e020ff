-- 分节打印的计划：先是算子树，再逐个列出每个算子的细节
explain formatted select
    dt,
    count(*) as pv
from PARTITIONED_TABLE
where dt = 'DAY'
group by dt
