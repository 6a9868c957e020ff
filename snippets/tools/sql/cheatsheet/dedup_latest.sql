-- 去重：每个 KEY_COLUMN 只留 ORDER_COLUMN 最新的一行
select
    cuid,
    city,
    update_time
from (
    select
        cuid,
        city,
        update_time,
        row_number() over (partition by KEY_COLUMN order by ORDER_COLUMN desc) as rn
    from TABLE_NAME
) as t
where rn = 1
