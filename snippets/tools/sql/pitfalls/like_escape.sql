-- 用 \_ 让 _ 只匹配下划线本身（Hive、Spark 的 like 默认转义符是 \）
select sid
from sid_samples
where sid like '%30864\_6%'
