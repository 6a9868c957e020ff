-- 一次算出“实验 × 事件”“每个实验”“全部”三种粒度的 pv（grouping sets）
select
    exp,
    event_type,
    count(*) as pv
from push_event_log
group by
    exp, event_type
    grouping sets ((exp, event_type), (exp), ())
order by exp, event_type
