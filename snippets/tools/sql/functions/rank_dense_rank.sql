-- 按点击次数排名：rank 并列后跳号，dense_rank 并列后不跳号，row_number 不并列
select
    cuid,
    count(*) as clicks,
    rank() over (order by count(*) desc) as rank_no,
    dense_rank() over (order by count(*) desc) as dense_rank_no,
    row_number() over (order by count(*) desc, cuid) as row_no
from push_event_log
where event_type = 'click'
group by cuid
order by row_no
