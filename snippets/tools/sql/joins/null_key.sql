-- NULL 作 join key 谁也匹配不上，包括另一边的 NULL
select
    b.uid as blocked_uid,
    u.name
from blocked_uids as b
left join join_users as u
    on b.uid = u.uid
