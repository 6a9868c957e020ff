-- 最近 N 天（含 DAY 当天）的 pv：分区条件用 yyyyMMdd 字符串比较
select
    event_day,
    count(*) as pv
from TABLE_NAME
where
    event_day > date_format(
        date_sub(from_unixtime(unix_timestamp('DAY', 'yyyyMMdd'), 'yyyy-MM-dd'), N_DAYS), 'yyyyMMdd'
    )
    and event_day <= 'DAY'
group by event_day
order by event_day
