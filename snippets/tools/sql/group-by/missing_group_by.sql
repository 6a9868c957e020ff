-- 错误示范：select 里有非聚合列 cuid，却没有 group by
select
    cuid,
    sum(coin) as total_coin
from cuid_coin
