-- group by 直接写 select 里的别名 exp（Spark、DuckDB 接受，Hive 报错）
select
    (case when sid like '%30864_6%' then '30864_6' when sid like '%30864_7%' then '30864_7' end) as exp,
    count(*) as pv
from default.xxxxxx_ads_push_dimension_info
where event_day = '20220522'
group by exp
