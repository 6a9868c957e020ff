-- 示例表：每天每种事件的 pv/uv 汇总结果，每天一个分区
create table daily_event_pv (
    event_type string,
    pv bigint,
    uv bigint
)
partitioned by (event_day string)
