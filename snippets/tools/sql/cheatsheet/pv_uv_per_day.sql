-- 按天统计 pv/uv
select
    event_day,
    count(*) as pv,
    count(distinct cuid) as uv
from TABLE_NAME
where event_day between 'START_DAY' and 'END_DAY'
group by event_day
order by event_day
