-- 每个实验送达延迟的中位数和 P90（近似分位数）
select
    exp,
    percentile_approx(delay_ms, 0.5) as p50_ms,
    percentile_approx(delay_ms, 0.9) as p90_ms
from push_event_log
group by exp
order by exp
