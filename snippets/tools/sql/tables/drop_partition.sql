-- 删掉一个分区（托管表连数据一起删）；分区不存在也不报错
alter table PARTITIONED_TABLE drop if exists partition (dt = 'DAY')
