-- 示例表：上游落地的原始事件（不分区的中间表），dt 是事件日期，cuid 为空的是脏数据
create table event_log_staging (
    cuid string,
    event_type string,
    dt string
)
