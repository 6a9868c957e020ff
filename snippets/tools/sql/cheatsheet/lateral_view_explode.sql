-- lateral view explode：把逗号拼接的标签拆成一行一个
select
    t.cuid,
    tag
from
    TABLE_NAME as t
        lateral view explode(split(t.tags, ',')) tag_table as tag
