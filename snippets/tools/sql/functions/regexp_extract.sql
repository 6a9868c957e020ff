-- 用正则从 sid 里取出实验号：regexp_extract，正则里的 _ 就是下划线本身
select
    sid,
    regexp_extract(sid, '(30864_[67])', 1) as exp
from sid_samples
