-- 示例表：push 事件明细，每天一个分区（event_day，yyyyMMdd 字符串）
create table default.xxxxxx_ads_push_dimension_info (
    cuid string,
    sid string,
    event_type string,
    source string,
    is_all string,
    tag_type string,
    break_max string,
    push_active_level string
)
partitioned by (event_day string)
