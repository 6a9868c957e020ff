-- 从 JSON 字符串里取字段：get_json_object，取不到（NULL、不是 JSON、没有该字段）得到 NULL
select
    cuid,
    ext,
    get_json_object(ext, '$.os') as os,
    get_json_object(ext, '$.ver') as ver
from push_event_log
where event_day = '20220521'
