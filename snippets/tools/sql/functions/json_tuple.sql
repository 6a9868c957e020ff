-- 一次取多个字段：lateral view json_tuple
select
    t.cuid,
    j.os,
    j.ver
from
    push_event_log as t
        lateral view json_tuple(t.ext, 'os', 'ver') j as os, ver
where t.event_day = '20220521'
