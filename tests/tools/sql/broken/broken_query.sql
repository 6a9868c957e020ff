-- 故意写错的查询：select 列表里多了一个逗号（测试用，不在 snippets/ 里）
select
    cuid,,
    count(*) as pv
from default.xxxxxx_ads_push_dimension_info
group by cuid
