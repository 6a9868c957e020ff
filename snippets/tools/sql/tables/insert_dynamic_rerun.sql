-- 重跑一段日期并去掉脏数据：结果里没有的日期，分区不会被清空
insert overwrite table PARTITIONED_TABLE partition (dt)
select
    cuid,
    event_type,
    dt
from event_log_staging
where dt between 'START_DAY' and 'END_DAY' and cuid is not null
