-- 加一个（空的）分区；已经有了就什么也不做
alter table PARTITIONED_TABLE add if not exists partition (dt = 'DAY')
