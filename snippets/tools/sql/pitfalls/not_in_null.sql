-- 子查询里有 NULL 时，not in 一行也不返回
select
    u.uid,
    u.name
from join_users as u
where u.uid not in (select b.uid from blocked_uids as b)
