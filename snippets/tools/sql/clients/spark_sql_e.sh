# 用 spark-sql 执行一条查询，日期用 --hivevar 传入（查询里写 ${hivevar:day}）
spark-sql -S --hivevar day=DAY -e 'select "${hivevar:day}" as day, date_format(date_sub(from_unixtime(unix_timestamp("${hivevar:day}", "yyyyMMdd"), "yyyy-MM-dd"), 1), "yyyyMMdd") as day_before'
