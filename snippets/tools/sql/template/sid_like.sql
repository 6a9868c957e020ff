-- 看 sid like '%30864_6%' 和 '%30864_7%' 分别匹配哪些 sid
select
    sid,
    sid like '%30864_6%' as like_30864_6,
    sid like '%30864_7%' as like_30864_7
from sid_samples
