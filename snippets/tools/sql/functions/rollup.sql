-- with rollup：按 exp、event_type 逐级小计，最后一行是总计
select
    exp,
    event_type,
    count(*) as pv
from push_event_log
group by exp, event_type with rollup
order by exp, event_type
