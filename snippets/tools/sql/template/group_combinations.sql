-- 分组列各有几种取值、结果表实际有几行
select
    count(distinct event_type) as event_types,
    count(distinct break_max) as break_maxes,
    count(distinct push_active_level) as levels,
    count(distinct event_type, break_max, push_active_level) as result_rows
from
    default.xxxxxx_ads_push_dimension_info
where
    event_day = '20220522'
