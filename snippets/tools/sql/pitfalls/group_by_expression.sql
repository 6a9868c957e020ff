-- 各引擎都接受的写法：group by 里重复完整的表达式
select
    (case when sid like '%30864_6%' then '30864_6' when sid like '%30864_7%' then '30864_7' end) as exp,
    count(*) as pv
from default.xxxxxx_ads_push_dimension_info
where event_day = '20220522'
group by (case when sid like '%30864_6%' then '30864_6' when sid like '%30864_7%' then '30864_7' end)
