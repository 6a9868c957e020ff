-- 把一天的汇总结果写进目标表的分区（整分区覆盖，重跑不会重复）
insert overwrite table TARGET_TABLE partition (event_day = 'DAY')
select
    event_type,
    count(*) as pv,
    count(distinct cuid) as uv
from SOURCE_TABLE
where event_day = 'DAY'
group by event_type
