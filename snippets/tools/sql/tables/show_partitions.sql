-- 列出表的全部分区
show partitions PARTITIONED_TABLE
