-- 同样的表存成 Parquet（Spark 读写最顺手的格式）
create table if not exists event_log_parquet (
    cuid string,
    event_type string
)
partitioned by (dt string)
stored as parquet
