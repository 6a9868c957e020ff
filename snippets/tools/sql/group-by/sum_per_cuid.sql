-- 按 cuid 分组：每个 cuid 自己的 coin 之和
select
    cuid,
    sum(coin) as total_coin
from cuid_coin
group by cuid
