-- 排版不合规范的查询：关键字大小写混用、逗号前置
SELECT cuid
    , sum(coin) AS total_coin FROM cuid_coin group BY cuid
