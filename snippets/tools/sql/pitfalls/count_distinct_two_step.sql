-- 先 group by 去重再 count，结果相同，但去重可以分散到多个 reducer
select count(*) as uv
from (
    select cuid
    from default.xxxxxx_ads_push_dimension_info
    where event_day = '20220522'
    group by cuid
) as t
