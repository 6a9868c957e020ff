-- 按实验分组统计 push 的 pv/uv（Hive 可用：group by 里写完整的 case 表达式）
select
    count(*) as pv,
    count(distinct cuid) as uv,
    event_type,
    break_max,
    push_active_level,
    (case when sid like '%30864_6%' then '30864_6' when sid like '%30864_7%' then '30864_7' end) as exp
from
    default.xxxxxx_ads_push_dimension_info
where
    event_type in ('ack', 'click')
    and event_day = '20220522'
    and source in ('1', '2')
    and is_all = '2'
    and tag_type in ('2', '3', '5')
    and (sid like '%30864_6%' or sid like '%30864_7%')
group by
    event_type,
    (case when sid like '%30864_6%' then '30864_6' when sid like '%30864_7%' then '30864_7' end),
    break_max,
    push_active_level
