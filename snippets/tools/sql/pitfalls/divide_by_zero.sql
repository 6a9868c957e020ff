-- 除数为 0：Hive 返回 NULL，Spark 4 默认（ANSI 模式）整条查询报错
select
    t.exp,
    t.click_pv / t.ack_pv as ctr_pv
from (
    select
        '30864_8' as exp,
        1 as click_pv,
        0 as ack_pv
) as t
