-- 某一天各事件的 pv/uv，日期由 --hivevar day=… 传入
select
    event_type,
    count(*) as pv,
    count(distinct cuid) as uv
from default.xxxxxx_ads_push_dimension_info
where event_day = '${hivevar:day}'
group by event_type
order by event_type
