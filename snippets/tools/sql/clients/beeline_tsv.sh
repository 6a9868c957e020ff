# 用 beeline 把查询结果存成 TSV 文件：不要表头、不打印提示信息
beeline -u jdbc:hive2://HOST:PORT/default -n USER --silent=true --showHeader=false --outputformat=tsv2 --hivevar day=DAY -e 'select event_type, count(*) as pv, count(distinct cuid) as uv from default.xxxxxx_ads_push_dimension_info where event_day = "${hivevar:day}" group by event_type order by event_type;' > RESULT_FILE
