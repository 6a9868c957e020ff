-- 每组取前 N 名：每天点击次数最多的 N 个 cuid
select
    event_day,
    cuid,
    clicks
from (
    select
        event_day,
        cuid,
        clicks,
        row_number() over (partition by event_day order by clicks desc, cuid asc) as rn
    from (
        select
            event_day,
            cuid,
            count(*) as clicks
        from TABLE_NAME
        where event_type = 'click'
        group by event_day, cuid
    ) as per_cuid
) as ranked
where rn <= TOP_N
order by event_day asc, clicks desc, cuid asc
