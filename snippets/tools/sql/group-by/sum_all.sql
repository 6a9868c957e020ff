-- 不分组：sum 的是整张表所有人的 coin
select sum(coin) as total_coin
from cuid_coin
