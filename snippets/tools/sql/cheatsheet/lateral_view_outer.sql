-- lateral view outer：tags 为 NULL 的用户也留一行，tag 是 NULL
select
    t.cuid,
    tag
from
    TABLE_NAME as t
        lateral view outer explode(split(t.tags, ',')) tag_table as tag
