-- 团队原来的写法：group by 写 select 的别名 exp（Spark SQL 接受，Hive 报错）
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
    exp,
    break_max,
    push_active_level
