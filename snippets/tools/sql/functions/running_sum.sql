-- 每个实验按天累计的 pv（窗口从第一天到当天）
select
    exp,
    event_day,
    count(*) as pv,
    sum(count(*)) over (
        partition by exp order by event_day
        rows between unbounded preceding and current row
    ) as pv_to_date
from push_event_log
group by exp, event_day
order by exp, event_day
