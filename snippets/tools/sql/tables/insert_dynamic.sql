-- 按查询结果里的 dt 值自动写进各自的分区（动态分区），每个分区整分区覆盖
insert overwrite table PARTITIONED_TABLE partition (dt)
select
    cuid,
    event_type,
    dt
from event_log_staging
