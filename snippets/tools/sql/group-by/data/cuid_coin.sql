-- 示例表：每个 cuid 每次得到的 coin（与笔记里的 CUID/COIN 表相同）
create table cuid_coin (
    cuid string,
    coin int
)
