-- 每个实验每天的 pv，和前一天、后一天比（lag / lead）
select
    exp,
    event_day,
    count(*) as pv,
    lag(count(*)) over (partition by exp order by event_day) as prev_pv,
    lead(count(*)) over (partition by exp order by event_day) as next_pv
from push_event_log
group by exp, event_day
order by exp, event_day
