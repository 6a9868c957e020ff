-- 示例表：用户（左表）
create table join_users (
    uid int,
    name string
)
