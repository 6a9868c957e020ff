-- 示例表：被屏蔽的 uid，其中一行是 NULL
create table blocked_uids (
    uid int
)
