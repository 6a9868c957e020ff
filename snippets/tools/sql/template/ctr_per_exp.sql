-- 每个实验的点击率：ack 和 click 放在同一行（条件聚合），点击数 / 到达数
select
    regexp_extract(sid, '(30864_[67])', 1) as exp,
    sum(if(event_type = 'ack', 1, 0)) as ack_pv,
    sum(if(event_type = 'click', 1, 0)) as click_pv,
    count(distinct if(event_type = 'ack', cuid, null)) as ack_uv,
    count(distinct if(event_type = 'click', cuid, null)) as click_uv,
    round(sum(if(event_type = 'click', 1, 0)) / sum(if(event_type = 'ack', 1, 0)), 4) as ctr_pv,
    round(
        count(distinct if(event_type = 'click', cuid, null))
        / count(distinct if(event_type = 'ack', cuid, null)),
        4
    ) as ctr_uv
from default.xxxxxx_ads_push_dimension_info
where
    event_type in ('ack', 'click')
    and event_day = '20220522'
    and regexp_extract(sid, '(30864_[67])', 1) != ''
group by regexp_extract(sid, '(30864_[67])', 1)
order by exp
