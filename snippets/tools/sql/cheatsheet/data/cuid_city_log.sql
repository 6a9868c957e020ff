-- 示例表：cuid 的城市变更记录，同一个 cuid 可能有多行
create table cuid_city_log (
    cuid string,
    city string,
    update_time string
)
