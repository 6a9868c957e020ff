-- 不写 if not exists，分区已存在时报错
alter table PARTITIONED_TABLE add partition (dt = 'DAY')
