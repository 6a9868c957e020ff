-- 看 join 用的是 BroadcastHashJoin 还是 SortMergeJoin
explain select
    s.event_type,
    count(*) as pv
from PARTITIONED_TABLE as e
inner join event_log_staging as s on e.cuid = s.cuid
where e.dt = 'DAY'
group by s.event_type
