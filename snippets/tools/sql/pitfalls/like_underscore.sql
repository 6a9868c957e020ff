-- like 里的 _ 匹配任意一个字符：'%30864_6%' 也匹配 '3086406' 和 '30864a6'
select sid
from sid_samples
where sid like '%30864_6%'
