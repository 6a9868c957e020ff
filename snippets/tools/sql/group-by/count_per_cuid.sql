-- 一个查询里同时算次数、总和、最大值和平均值
select
    cuid,
    count(*) as times,
    sum(coin) as total_coin,
    max(coin) as max_coin,
    avg(coin) as avg_coin
from cuid_coin
group by cuid
order by total_coin desc
