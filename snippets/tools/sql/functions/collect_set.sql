-- 每个 cuid 出现过的事件类型，去重、排序后用逗号拼成一个字符串
select
    cuid,
    concat_ws(',', sort_array(collect_set(event_type))) as event_types
from push_event_log
group by cuid
