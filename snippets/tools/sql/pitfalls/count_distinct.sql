-- count(distinct) 一步算 uv
select count(distinct cuid) as uv
from default.xxxxxx_ads_push_dimension_info
where event_day = '20220522'
