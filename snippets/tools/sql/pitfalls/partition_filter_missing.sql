-- 没写分区条件：只按 cuid 过滤，会读遍所有分区
select
    event_day,
    count(*) as pv
from default.xxxxxx_ads_push_dimension_info
where cuid = 'c1'
group by event_day
