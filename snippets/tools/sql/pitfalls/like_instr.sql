-- 不用通配符：instr 按字面找子串，各引擎结果一致
select sid
from sid_samples
where instr(sid, '30864_6') > 0
