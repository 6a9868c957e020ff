-- 去重：整行完全相同的只留一行
select distinct
    cuid,
    city,
    update_time
from TABLE_NAME
