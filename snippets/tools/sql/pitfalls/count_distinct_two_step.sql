-- 先 group by 去重再数个数（count(cuid)，不数 NULL 那一组），去重可以分散到多个 reducer
select count(cuid) as uv
from (
    select cuid
    from default.xxxxxx_ads_push_dimension_info
    where event_day = '20220522'
    group by cuid
) as t
