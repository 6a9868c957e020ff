-- like 后面的 escape 子句（Spark SQL 支持，Hive 2.3 的语法不认）
select sid
from sid_samples
where sid like '%30864!_6%' escape '!'
