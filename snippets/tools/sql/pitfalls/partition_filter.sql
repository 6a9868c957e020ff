-- 分区列 event_day 写成常量条件，只读这一天的分区
select
    event_day,
    count(*) as pv
from default.xxxxxx_ads_push_dimension_info
where event_day = '20220522'
group by event_day
