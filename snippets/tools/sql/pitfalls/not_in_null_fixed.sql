-- 在子查询里先去掉 NULL，not in 才符合直觉
select
    u.uid,
    u.name
from join_users as u
where
    u.uid not in (
        select b.uid
        from blocked_uids as b
        where b.uid is not null
    )
