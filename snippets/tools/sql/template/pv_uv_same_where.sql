-- 只看 where 留下了哪些行（与模板相同的条件，不分组）
select
    cuid,
    sid,
    event_type,
    break_max,
    push_active_level
from
    default.xxxxxx_ads_push_dimension_info
where
    event_type in ('ack', 'click')
    and event_day = '20220522'
    and source in ('1', '2')
    and is_all = '2'
    and tag_type in ('2', '3', '5')
    and (sid like '%30864_6%' or sid like '%30864_7%')
