-- 示例表：push 事件日志，ext 是客户端上报的 JSON 字符串，每天一个分区
create table push_event_log (
    cuid string,
    exp string,
    event_type string,
    delay_ms int,
    ext string
)
partitioned by (event_day string)
