-- 示例表：两个渠道，用来演示 cross join
create table join_channels (
    channel string
)
