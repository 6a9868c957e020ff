-- 缺失值换成默认值：nvl 两个参数，coalesce 取第一个非 NULL
select
    cuid,
    nvl(get_json_object(ext, '$.os'), 'unknown') as os,
    coalesce(get_json_object(ext, '$.ver'), get_json_object(ext, '$.os'), 'unknown') as ver_or_os
from push_event_log
where event_day = '20220521'
