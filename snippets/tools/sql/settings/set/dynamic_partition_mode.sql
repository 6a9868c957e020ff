-- 允许所有分区列都是动态的（Hive 默认 strict，要求至少一个静态分区）
set hive.exec.dynamic.partition.mode=nonstrict
