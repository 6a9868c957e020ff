-- 先把为 0 的除数换成 NULL：Hive 和 Spark 都得到 NULL
select
    t.exp,
    t.click_pv / if(t.ack_pv = 0, null, t.ack_pv) as ctr_pv
from (
    select
        '30864_8' as exp,
        1 as click_pv,
        0 as ack_pv
) as t
