-- 只有 DuckDB 认的写法：:: 类型转换，Hive 不认
select cuid::int as n
from cuid_coin
