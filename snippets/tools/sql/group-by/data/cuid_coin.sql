-- 示例表：每个 cuid 每次得到的 coin
create table cuid_coin (
    cuid string,
    coin int
)
