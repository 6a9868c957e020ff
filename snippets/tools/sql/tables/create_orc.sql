-- 建一张按天分区、存成 ORC 的表（分区列 dt 不写在普通列里）
create table if not exists event_log (
    cuid string,
    event_type string
)
partitioned by (dt string)
stored as orc
